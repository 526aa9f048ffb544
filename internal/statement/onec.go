package statement

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/bankctl/bankctl/internal/jsonscan"
	"github.com/bankctl/bankctl/internal/money"
	"github.com/bankctl/bankctl/internal/msk"
	"github.com/bankctl/bankctl/internal/onec"
	"github.com/bankctl/bankctl/internal/sanitize"
)

// oneCExport writes one 1С document per completed transaction to the spool, sums each account's
// received and paid beside it, and writes the whole file after the last page: the header, one
// СекцияРасчСчет per account, the documents. Authorizations are left out and counted.
type oneCExport struct {
	base
	spool          *Spool
	enc            *onec.Encoder
	doc            []byte
	fields         []onec.Field
	sections       []*section
	cur            *section
	kinds          []string
	documents      int
	authorizations int
	page           SpoolMeta // as of the end of the last whole page
}

// section is one account's part of the file.
type section struct {
	account, begin, end string
	credit, debit       money.Sum
}

func newOneC(b base) *oneCExport {
	e := &oneCExport{base: b, spool: b.o.Spool, enc: onec.NewEncoder()}
	m := e.spool.Meta // a resumed spool's sections and counts
	for _, s := range m.Sections {
		sec := &section{account: s.Account, begin: s.Begin, end: s.End}
		sec.credit.Add(s.Credit)
		sec.debit.Add(s.Debit)
		e.sections = append(e.sections, sec)
	}
	e.kinds, e.documents, e.authorizations = m.Kinds, m.Documents, m.Authorizations
	return e
}

// Begin starts an account's section (or takes up a resumed one).
func (e *oneCExport) Begin(account string) error {
	e.account = account
	for _, s := range e.sections {
		if s.account == account {
			e.cur = s
			return nil
		}
	}
	e.cur = &section{account: account}
	e.sections = append(e.sections, e.cur)
	return nil
}

// Balances fill the account's section.
func (e *oneCExport) Balances(raw []byte) error {
	jsonscan.FieldsOf(raw, func(k, v string) {
		switch k {
		case "balanceBegin":
			e.cur.begin = jsonscan.Text(v)
		case "balanceEnd":
			e.cur.end = jsonscan.Text(v)
		}
	})
	return nil
}

// PageEnd writes nothing (the file is written whole at the end) but remembers where the page
// ended, for a continuation.
func (e *oneCExport) PageEnd() error {
	e.page = e.meta()
	return nil
}

func (e *oneCExport) meta() SpoolMeta {
	m := SpoolMeta{Kinds: slices.Clone(e.kinds), Documents: e.documents, Authorizations: e.authorizations, Size: e.spool.Size()}
	for _, s := range e.sections {
		m.Sections = append(m.Sections, SpoolSection{Account: s.account, Begin: s.begin, End: s.end,
			Credit: money.Format(s.credit.Total()), Debit: money.Format(s.debit.Total())})
	}
	return m
}

func (e *oneCExport) Operation(raw []byte) error {
	op, err := e.parse(raw, true)
	if err != nil {
		return err
	}
	if op.Authorization() {
		e.authorizations++
		return nil
	}
	var kind string
	kind, e.fields = oneCDocument(e.fields[:0], op, e.account)
	var changed int
	e.doc, changed = e.enc.Document(e.doc[:0], kind, e.fields)
	total := &e.cur.debit
	if op.Credit() {
		total = &e.cur.credit
	}
	if err := total.Add(op.AccountAmount); err != nil {
		return fmt.Errorf("operation %s: the amount %q is not a number: nothing was written", op.ID, op.AccountAmount)
	}
	if err := e.spool.Write(e.doc); err != nil {
		return err
	}
	e.documents++
	if !slices.Contains(e.kinds, kind) {
		e.kinds = append(e.kinds, kind)
	}
	if changed > 0 && e.o.Notes != nil {
		fmt.Fprintf(e.o.Notes, "1c: operation %s: %d value(s) changed to fit 1С (line breaks and control characters became spaces, characters Windows-1251 lacks became ?)\n", sanitize.Line(op.ID), changed)
	}
	return nil
}

func (e *oneCExport) Finish() error {
	defer e.spool.Remove()
	h := onec.Header{Sender: "bankctl (T-Business API)", Created: time.Now().In(msk.Zone), Kinds: e.kinds,
		From: e.o.From.In(msk.Zone), To: e.o.To.Add(-time.Nanosecond).In(msk.Zone)}
	var sections []onec.Section
	var credit, debit money.Sum
	for _, s := range e.sections {
		if s.begin == "" && e.o.Notes != nil {
			fmt.Fprintf(e.o.Notes, "1c: the bank sent no balances for %s: НачальныйОстаток and КонечныйОстаток are left out\n", s.account)
		}
		sections = append(sections, onec.Section{Account: s.account, Begin: s.begin, End: s.end, Credit: s.credit.Total(), Debit: s.debit.Total()})
		credit.Add(money.Format(s.credit.Total()))
		debit.Add(money.Format(s.debit.Total()))
	}
	docs, err := e.spool.Documents(e.spool.Size())
	if err != nil {
		return err
	}
	if err := onec.WriteFile(e.w, h, sections, docs); err != nil {
		return err
	}
	if e.o.Notes != nil {
		if e.authorizations > 0 {
			fmt.Fprintf(e.o.Notes, "1c: %d authorization(s) left out: they are not transactions yet\n", e.authorizations)
		}
		fmt.Fprintf(e.o.Notes, "1c: %d document(s), received %s, paid %s\n", e.documents, money.Format(credit.Total()), money.Format(debit.Total()))
	}
	return e.w.Flush()
}

// Abort writes nothing, and removes the spool: a 1С file is one document, and half of one must
// not be imported.
func (e *oneCExport) Abort() { e.spool.Remove() }

// Suspend writes nothing either, but keeps the spool as of the last whole page, so that the
// continuation command (the statement from account's cursor) finishes the same file.
func (e *oneCExport) Suspend(account, cursor string) error {
	m := e.page
	if m.Sections == nil { // no page ended yet: go on from the start
		m = SpoolMeta{}
	}
	m.Account, m.Cursor = account, cursor
	return e.spool.Suspend(m)
}

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
	f = append(f, kv("Номер", cmp.Or(op.DocNumber, op.ID)), kv("Дата", day(op.Date)), kv("Сумма", money.FormatText(op.AccountAmount)))
	f = side(f, &payerKeys, payer)
	f = side(f, &receiverKeys, receiver)
	f = append(f, kv(dateKey, day(cmp.Or(op.ChargeDate, op.Date))), kv("ВидОплаты", cmp.Or(op.Vo, op.PayVo)), kv("Очередность", op.Priority),
		kv("НазначениеПлатежа", cmp.Or(op.Purpose, op.Description)))
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
