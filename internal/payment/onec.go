package payment

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/bankctl/bankctl/internal/textin"
)

// isOneC: a 1CClientBankExchange file starts with that line.
func isOneC(data []byte) bool {
	return bytes.HasPrefix(bytes.TrimPrefix(data, []byte("\ufeff")), []byte("1CClientBankExchange"))
}

// oneCMap is SPEC's mapping of a payment order's keys to the API's fields.
var oneCMap = map[string]string{
	"Номер": "documentNumber", "Сумма": "amount", "ПлательщикСчет": "accountNumber",
	"ПолучательИНН": "inn", "ПолучательКПП": "kpp", "ПолучательСчет": "bankAcnt", "ПолучательБИК": "bankBik",
	"ПолучательКорсчет": "recipientCorrAccountNumber", "СтатусСоставителя": "taxPayerStatus", "ПоказательКБК": "kbk",
	"ОКАТО": "oktmo", "ПоказательОснования": "taxEvidence", "ПоказательПериода": "taxPeriod",
	"ПоказательНомера": "taxDocNumber", "ПоказательДаты": "taxDocDate", "Код": "uin",
}

var (
	reOneCSum  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\d+(\.\d{1,2})?$`) })
	reINNLabel = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^ИНН\s+\d+\s+`) })
)

// oneCEncoding is the file's Кодировка= line: Windows (cp1251) or DOS (cp866); UTF-8 when the
// file is valid UTF-8 and says so.
func oneCEncoding(data []byte, enc string) (textin.Decoded, error) {
	if enc != "" {
		return textin.Decode(data, enc)
	}
	for _, try := range []string{textin.UTF8, textin.CP866, textin.CP1251} {
		d, err := textin.Decode(data, try)
		if err != nil {
			continue
		}
		for i, line := range strings.Split(d.Text, "\n") {
			v, ok := strings.CutPrefix(strings.TrimSpace(line), "Кодировка=")
			if !ok {
				continue
			}
			switch want := strings.ToLower(strings.TrimSpace(v)); {
			case try == textin.UTF8, // valid UTF-8 that names its encoding: converted after 1С wrote it
				want == "windows" && try == textin.CP1251, want == "dos" && try == textin.CP866:
				return d, nil
			case try == textin.CP1251 && want != "windows" && want != "dos":
				return d, &textin.LineError{Line: i + 1, Msg: fmt.Sprintf("Кодировка=%s: 1С writes Windows or DOS", strings.TrimSpace(v))}
			}
		}
	}
	return textin.Decode(data, textin.CP1251) // no Кодировка= line: the standard's default
}

// readOneC reads the payment orders of a 1CClientBankExchange file, as 1С writes it for the
// bank. Each СекцияДокумент=Платежное поручение … КонецДокумента is one draft; other kinds
// are counted and left out. "Line N" is the line of СекцияДокумент.
func readOneC(data []byte, enc string) (*Input, error) {
	dec, err := oneCEncoding(data, enc)
	if err != nil {
		return nil, err
	}
	in := &Input{Encoding: dec.Encoding, Kind: "1c"}
	lines := strings.Split(strings.TrimPrefix(dec.Text, "\ufeff"), "\n")
	var errs textin.Errors
	var doc map[string]string
	var kind string
	start, ended := 0, false
	for i, raw := range lines {
		n := i + 1
		line := strings.TrimRight(raw, "\r")
		key, val, hasEq := strings.Cut(line, "=")
		switch {
		case n == 1 || strings.TrimSpace(line) == "":
		case ended:
			errs.Add(&textin.LineError{Line: n, Msg: "text after КонецФайла"})
		case line == "КонецФайла":
			if doc != nil {
				errs.Add(&textin.LineError{Line: start, Msg: "the document has no КонецДокумента before КонецФайла"})
				doc = nil
			}
			ended = true
		case key == "СекцияДокумент":
			if doc != nil {
				errs.Add(&textin.LineError{Line: start, Msg: fmt.Sprintf("the document has no КонецДокумента (line %d starts another)", n)})
			}
			doc, kind, start = map[string]string{}, strings.TrimSpace(val), n
		case line == "КонецДокумента":
			switch {
			case doc == nil:
				errs.Add(&textin.LineError{Line: n, Msg: "КонецДокумента without СекцияДокумент"})
			case kind != "Платежное поручение":
				in.Skipped++
			default:
				d, err := oneCDraft(start, doc)
				errs.Add(err)
				if d != nil {
					in.Drafts = append(in.Drafts, d)
				}
			}
			doc = nil
		case doc != nil && !hasEq:
			errs.Add(&textin.LineError{Line: n, Msg: fmt.Sprintf("%q is not a Key=Value line", textin.Clip(line))})
		case doc != nil:
			doc[key] = val
		}
	}
	if !ended {
		if doc != nil {
			errs.Add(&textin.LineError{Line: start, Msg: "the document has no КонецДокумента: the file is cut short"})
		}
		errs.Add(&textin.LineError{Line: len(lines), Msg: "the file is cut short: no КонецФайла (save it from 1С again)"})
	}
	if err := errs.Err(); err != nil {
		return in, err
	}
	if len(in.Drafts) == 0 {
		return in, fmt.Errorf("the 1С file holds no payment orders (%d document(s) of other kinds)", in.Skipped)
	}
	return in, nil
}

// oneCDraft maps one payment order to a draft.
func oneCDraft(line int, doc map[string]string) (*Draft, error) {
	typed := map[string]string{}
	for k, f := range oneCMap {
		if v, ok := doc[k]; ok {
			typed[f] = v
		}
	}
	if s := strings.TrimSpace(doc["Сумма"]); s != "" && !reOneCSum().MatchString(s) {
		return nil, &textin.FieldError{Line: line, Field: "Сумма", Value: doc["Сумма"], Typed: true, Msg: "1С writes an amount with a dot and at most two decimals"}
	}
	typed["recipientName"] = doc["Получатель1"]
	if strings.TrimSpace(typed["recipientName"]) == "" {
		// "Получатель" may carry the INN before the name, as 1С prints it on the order.
		typed["recipientName"] = reINNLabel().ReplaceAllString(strings.TrimSpace(doc["Получатель"]), "")
	}
	purpose := doc["НазначениеПлатежа"]
	if strings.TrimSpace(purpose) == "" {
		var parts []string
		for i := 1; i <= 6; i++ {
			if p := strings.TrimSpace(doc[fmt.Sprintf("НазначениеПлатежа%d", i)]); p != "" {
				parts = append(parts, p)
			}
		}
		purpose = strings.Join(parts, " ")
	}
	typed["paymentPurpose"] = purpose
	d := New(line, typed)
	d.Date = doc["Дата"]
	if day, ok := Day(strings.TrimSpace(doc["Дата"])); ok {
		d.Date = day
	}
	return d, nil
}
