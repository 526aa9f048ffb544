package demo

import "github.com/bankctl/bankctl/internal/requisites"

// Party is a payer, a receiver or a counterparty.
type Party struct{ Name, INN, KPP, Account, Bank, BIC, Corr string }

// Us is the company as a party of its own operations, at account.
func Us(account string) Party {
	return Party{CompanyName, CompanyINN, CompanyKPP, account, "АО «ТБанк»", BankBIC, BankCorr}
}

const (
	sber, sberCorr = "044525225", "30101810400000000225"
	vtb, vtbCorr   = "044525187", "30101810700000000187"
)

// Counterparties the company deals with: made-up companies whose INNs, KPPs and accounts carry
// the right check digits for their banks, and the Federal Tax Service at the Treasury.
var (
	Romashka    = Party{"ООО «Ромашка»", "7715012342", "771501001", requisites.WithKey("40702810X38000012345", sber), "ПАО Сбербанк", sber, sberCorr}
	Petrov      = Party{"ИП Петров Пётр Петрович", "500312345614", "0", requisites.WithKey("40802810X38000000077", sber), "ПАО Сбербанк", sber, sberCorr}
	Supplier    = Party{"АО «Поставщик»", "7728015767", "772801001", requisites.WithKey("40702810X00000000777", vtb), "Банк ВТБ (ПАО)", vtb, vtbCorr}
	Marketplace = Party{"ООО «Маркетплейс»", "7810456789", "781001001", requisites.WithKey("40702810X00000005555", BankBIC), "АО «ТБанк»", BankBIC, BankCorr}
	Treasury    = Party{"Казначейство России (ФНС России)", "7727406020", "770801001", "03100643000000018500",
		"ОТДЕЛЕНИЕ ТУЛА БАНКА РОССИИ//УФК по Тульской области, г Тула", "017003983", "40102810445370000059"}
)

// hostileParties are the counterparties of the hostile statement (an INN whose check digit is
// wrong among them), as they always were.
var hostileParties = []Party{
	{"ООО «Ромашка»", "7701234567", "770101001", requisites.WithKey("40702810X00000012345", sber), "ПАО Сбербанк", sber, sberCorr},
	{"ИП Петров Пётр Петрович", "500100732259", "0", requisites.WithKey("40802810X38000000077", sber), "ПАО Сбербанк", sber, sberCorr},
	{"АО «Поставщик»", "7707083893", "773601001", requisites.WithKey("40702810X00000000777", vtb), "Банк ВТБ (ПАО)", vtb, vtbCorr},
	{"ООО «Маркетплейс»", "7704217370", "997750001", requisites.WithKey("40702810X00000005555", BankBIC), "АО «ТБанк»", BankBIC, BankCorr},
}

// kind is one sort of operation of the ordinary month: who, which way, what for, how much.
type kind struct {
	party    Party
	credit   bool
	category string
	purpose  string // with %d (a number) and %s (a day) where it takes them
	kopecks  int64
}

var month = []kind{
	{Marketplace, true, "income", "Перечисление выручки по договору № МП-2231 за период по %[2]s, НДС не облагается", 12845650},
	{Supplier, false, "supplierPayment", "Оплата по счету № %[1]d от %[2]s за комплектующие, в т.ч. НДС 20%%", 4521000},
	{Romashka, true, "income", "Оплата по счету № %[1]d от %[2]s за монтажные работы, НДС не облагается", 1500050},
	{Petrov, false, "supplierPayment", "Оплата услуг по договору № 7 от 01.09.2026 (акт № %[1]d от %[2]s), НДС не облагается", 2500075},
	{Treasury, false, "tax", "Единый налоговый платеж", 8421000},
	{Romashka, true, "income", "Возврат ошибочно перечисленных средств по платежному поручению № %[1]d от %[2]s", 320000},
	{Marketplace, false, "supplierPayment", "Комиссия маркетплейса по договору № МП-2231, отчет № %[1]d от %[2]s, в т.ч. НДС 20%%", 987040},
}
