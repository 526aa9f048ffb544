package tbusiness

import (
	"bufio"
	"fmt"
	"time"

	"github.com/bankctl/bankctl/internal/money"
	"github.com/bankctl/bankctl/internal/onec"
	"github.com/bankctl/bankctl/internal/sanitize"
)

// oneCExport spools one 1С document per completed transaction and writes the whole file after
// the last page; authorizations are left out and counted.
type oneCExport struct {
	base
	f              *onec.Writer
	balances       []byte
	authorizations int
	changedOps     int
}

func newOneC(w *bufio.Writer, o ExportOptions) (*oneCExport, error) {
	f, err := onec.NewWriter(o.SpoolDir)
	if err != nil {
		return nil, err
	}
	return &oneCExport{base: base{w: w, o: o}, f: f}, nil
}

// Balances fill the account section.
func (e *oneCExport) Balances(raw []byte) error {
	e.balances = append([]byte(nil), raw...)
	return nil
}

// PageEnd writes nothing: the file is written whole at the end.
func (e *oneCExport) PageEnd() error { return nil }

func (e *oneCExport) Operation(raw []byte) error {
	op := ParseOperation(raw)
	if op.Authorization() {
		e.authorizations++
		return nil
	}
	amount, err := op.Amount()
	if err != nil {
		return fmt.Errorf("operation %s: the amount %q is not a number: nothing was written", op.ID, op.AccountAmount)
	}
	kind, fields := oneCDocument(op, e.o.Query.Account)
	changed, err := e.f.Document(kind, op.Credit(), amount, fields)
	if err != nil {
		return err
	}
	if changed > 0 {
		e.changedOps++
		if e.o.Notes != nil {
			fmt.Fprintf(e.o.Notes, "1c: operation %s: %d value(s) changed to fit 1С (line breaks and control characters became spaces, characters Windows-1251 lacks became ?)\n", sanitize.Line(op.ID), changed)
		}
	}
	return nil
}

func (e *oneCExport) Finish(*Pages) error {
	defer e.f.Close()
	q := e.o.Query
	h := onec.Header{Sender: "bankctl (T-Business API)", Created: time.Now().In(Moscow), Account: q.Account,
		From: q.From.In(Moscow), To: q.To.Add(-time.Nanosecond).In(Moscow)}
	if e.balances != nil {
		b := struct{ BalanceBegin, BalanceEnd string }{}
		fieldsOf(e.balances, func(k, v string) {
			switch k {
			case "balanceBegin":
				b.BalanceBegin = text(v)
			case "balanceEnd":
				b.BalanceEnd = text(v)
			}
		})
		h.Begin, h.End = b.BalanceBegin, b.BalanceEnd
	} else if e.o.Notes != nil {
		fmt.Fprintln(e.o.Notes, "1c: the bank sent no balances: НачальныйОстаток and КонечныйОстаток are left out")
	}
	if err := e.f.Finish(e.w, h); err != nil {
		return err
	}
	if e.o.Notes != nil {
		if e.authorizations > 0 {
			fmt.Fprintf(e.o.Notes, "1c: %d authorization(s) left out: they are not transactions yet\n", e.authorizations)
		}
		credit, debit := e.f.Totals()
		fmt.Fprintf(e.o.Notes, "1c: %d document(s), received %s, paid %s\n", e.f.Documents(), money.Format(credit), money.Format(debit))
	}
	return e.w.Flush()
}

// Abort writes nothing: a 1С file is one document, and half of one must not be imported.
func (e *oneCExport) Abort() { e.f.Close() }

// kinds name a document by its вид операции code.
var kinds = map[string]string{
	"01": "Платежное поручение", "02": "Платежное требование", "06": "Инкассовое поручение",
	"09": "Мемориальный ордер", "16": "Платежный ордер", "17": "Банковский ордер",
}

// oneCDocument maps an operation to a СекцияДокумент (docs/tbusiness.md has the table): our
// account is the receiver of a credit and the payer of a debit, the counterparty the other side.
func oneCDocument(op *Operation, account string) (string, []onec.Field) {
	kind := kinds[op.Vo]
	if kind == "" {
		kind = kinds[op.PayVo]
	}
	if kind == "" {
		kind = "Платежное поручение"
	}
	if op.Account != "" {
		account = op.Account
	}
	amount, _ := op.Amount()
	day := func(s string) string {
		if t := MoscowTime(s); !t.IsZero() {
			return t.Format("02.01.2006")
		}
		return ""
	}
	payer, receiver := op.Counterparty(), op.Receiver
	if !op.Credit() {
		payer, receiver = op.Payer, op.Counterparty()
	}
	dateKey := "ДатаСписано"
	if op.Credit() {
		receiver.Account, dateKey = account, "ДатаПоступило"
	} else {
		payer.Account = account
	}
	number := op.DocNumber
	if number == "" {
		number = op.ID
	}
	charged := op.ChargeDate
	if charged == "" {
		charged = op.Date
	}
	vo := op.Vo
	if vo == "" {
		vo = op.PayVo
	}
	purpose := op.Purpose
	if purpose == "" {
		purpose = op.Description
	}
	f := []onec.Field{kv("Номер", number), kv("Дата", day(op.Date)), kv("Сумма", money.Format(amount))}
	f = append(f, side("Плательщик", payer)...)
	f = append(f, side("Получатель", receiver)...)
	f = append(f, kv(dateKey, day(charged)), kv("ВидОплаты", vo), kv("Очередность", op.Priority), kv("НазначениеПлатежа", purpose))
	if t := op.Tax; t != (Tax{}) {
		f = append(f, kv("СтатусСоставителя", t.PayerStatus), kv("ПоказательКБК", t.KBK), kv("ОКАТО", t.OKTMO),
			kv("ПоказательОснования", t.Evidence), kv("ПоказательПериода", t.Period), kv("ПоказательНомера", t.DocNumber),
			kv("ПоказательДаты", t.DocDate), kv("Код", t.UIN))
	}
	return kind, f
}

func kv(k, v string) onec.Field { return onec.Field{Key: k, Value: v} }

func side(prefix string, p Party) []onec.Field {
	return []onec.Field{kv(prefix+"Счет", p.Account), kv(prefix, p.Name), kv(prefix+"ИНН", p.INN), kv(prefix+"КПП", p.KPP),
		kv(prefix+"Банк1", p.Bank), kv(prefix+"БИК", p.BIC), kv(prefix+"Корсчет", p.Corr)}
}
