package statement

import (
	"bufio"
	"fmt"
	"github.com/bankctl/bankctl/internal/jsonscan"
	"github.com/bankctl/bankctl/internal/msk"
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
	enc            *onec.Encoder
	doc            []byte
	fields         []onec.Field
	balances       []byte
	authorizations int
}

func newOneC(w *bufio.Writer, o ExportOptions) (*oneCExport, error) {
	f, err := onec.NewWriter(o.SpoolDir)
	if err != nil {
		return nil, err
	}
	return &oneCExport{base: base{w: w, o: o}, f: f, enc: onec.NewEncoder()}, nil
}

// Balances fill the account section.
func (e *oneCExport) Balances(raw []byte) error {
	e.balances = append([]byte(nil), raw...)
	return nil
}

// PageEnd writes nothing: the file is written whole at the end.
func (e *oneCExport) PageEnd() error { return nil }

func (e *oneCExport) Operation(raw []byte) error {
	op, err := parseTransient(raw)
	if err != nil {
		return err
	}
	if err := op.CheckAmounts(); err != nil {
		return err
	}
	if op.Authorization() {
		e.authorizations++
		return nil
	}
	var kind string
	kind, e.fields = oneCDocument(e.fields[:0], op, e.o.Account)
	var changed int
	e.doc, changed = e.enc.Document(e.doc[:0], kind, e.fields)
	if err := e.f.Append(e.doc, kind, op.Credit(), op.AccountAmount); err != nil {
		return fmt.Errorf("operation %s: the amount %q is not a number: nothing was written", op.ID, op.AccountAmount)
	}
	if changed > 0 {
		if e.o.Notes != nil {
			fmt.Fprintf(e.o.Notes, "1c: operation %s: %d value(s) changed to fit 1С (line breaks and control characters became spaces, characters Windows-1251 lacks became ?)\n", sanitize.Line(op.ID), changed)
		}
	}
	return nil
}

func (e *oneCExport) Finish() error {
	defer e.f.Close()
	h := onec.Header{Sender: "bankctl (T-Business API)", Created: time.Now().In(msk.Zone), Account: e.o.Account,
		From: e.o.From.In(msk.Zone), To: e.o.To.Add(-time.Nanosecond).In(msk.Zone)}
	if e.balances != nil {
		b := struct{ BalanceBegin, BalanceEnd string }{}
		jsonscan.FieldsOf(e.balances, func(k, v string) {
			switch k {
			case "balanceBegin":
				b.BalanceBegin = jsonscan.Text(v)
			case "balanceEnd":
				b.BalanceEnd = jsonscan.Text(v)
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
		fmt.Fprintf(e.o.Notes, "1c: %d jsonscan.Document(s), received %s, paid %s\n", e.f.Documents(), money.Format(credit), money.Format(debit))
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
func oneCDocument(f []onec.Field, op *Operation, account string) (string, []onec.Field) {
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
	day := func(s string) string {
		if t := msk.Parse(s); !t.IsZero() {
			return string(msk.AppendDay(nil, t, true))
		}
		return ""
	}
	var payer, receiver Party
	if op.Credit() {
		payer, receiver = op.Counterparty(), op.Receiver()
	} else {
		payer, receiver = op.Payer(), op.Counterparty()
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
	f = append(f, kv("Номер", number), kv("Дата", day(op.Date)), kv("Сумма", money.FormatText(op.AccountAmount)))
	f = side(f, &payerKeys, payer)
	f = side(f, &receiverKeys, receiver)
	f = append(f, kv(dateKey, day(charged)), kv("ВидОплаты", vo), kv("Очередность", op.Priority), kv("НазначениеПлатежа", purpose))
	if t := op.Tax; t != (Tax{}) {
		f = append(f, kv("СтатусСоставителя", t.PayerStatus), kv("ПоказательКБК", t.KBK), kv("ОКАТО", t.OKTMO),
			kv("ПоказательОснования", t.Evidence), kv("ПоказательПериода", t.Period), kv("ПоказательНомера", t.DocNumber),
			kv("ПоказательДаты", t.DocDate), kv("Код", t.UIN))
	}
	return kind, f
}

func kv(k, v string) onec.Field { return onec.Field{Key: k, Value: v} }

var (
	payerKeys    = sideKeys("Плательщик")
	receiverKeys = sideKeys("Получатель")
)

func sideKeys(prefix string) [7]string {
	return [7]string{prefix + "Счет", prefix, prefix + "ИНН", prefix + "КПП", prefix + "Банк1", prefix + "БИК", prefix + "Корсчет"}
}

func side(f []onec.Field, keys *[7]string, p Party) []onec.Field {
	for i, v := range [7]string{p.Account, p.Name, p.INN, p.KPP, p.Bank, p.BIC, p.Corr} {
		f = append(f, kv(keys[i], v))
	}
	return f
}
