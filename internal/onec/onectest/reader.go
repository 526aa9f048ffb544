// Package onectest is a strict reader of 1CClientBankExchange 1.03 for tests, written from the
// format's description (1С's "Стандарт обмена с системами «Клиент банка»"), not from bankctl's
// writer: Windows-1251, CRLF on every line, a known set of keys, required keys present, amounts
// with a dot and two decimals, documents closed, totals equal to the documents.
package onectest

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/shopspring/decimal"
	"golang.org/x/text/encoding/charmap"
)

// File is a read 1С statement.
type File struct {
	Header   map[string]string
	Kinds    []string            // the header's Документ= lines
	Accounts []map[string]string // each СекцияРасчСчет, in order
	Account  map[string]string   // the first
	Docs     []Doc
}

// Doc is one СекцияДокумент.
type Doc struct {
	Kind   string
	Fields map[string]string
}

var docKeys = map[string]bool{}

func init() {
	for _, k := range strings.Fields(`Номер Дата Сумма ПлательщикСчет Плательщик ПлательщикИНН ПлательщикКПП
		Плательщик1 ПлательщикРасчСчет ПлательщикБанк1 ПлательщикБанк2 ПлательщикБИК ПлательщикКорсчет
		ПолучательСчет Получатель ПолучательИНН ПолучательКПП Получатель1 ПолучательРасчСчет ПолучательБанк1
		ПолучательБанк2 ПолучательБИК ПолучательКорсчет ДатаСписано ДатаПоступило ВидПлатежа ВидОплаты
		Очередность НазначениеПлатежа НазначениеПлатежа1 НазначениеПлатежа2 НазначениеПлатежа3 Код
		КодНазПлатежа СтатусСоставителя ПоказательКБК ОКАТО ПоказательОснования ПоказательПериода
		ПоказательНомера ПоказательДаты ПоказательТипа СрокПлатежа`) {
		docKeys[k] = true
	}
}

var (
	dateRe   = regexp.MustCompile(`^\d{2}\.\d{2}\.\d{4}$`)
	amountRe = regexp.MustCompile(`^-?\d+\.\d{2}$`)
)

// Read parses data strictly; any deviation is an error naming the line.
func Read(data []byte) (*File, error) {
	if bytes.Contains(bytes.ReplaceAll(data, []byte("\r\n"), nil), []byte("\n")) || bytes.Contains(bytes.ReplaceAll(data, []byte("\r\n"), nil), []byte("\r")) {
		return nil, fmt.Errorf("a line does not end with CRLF")
	}
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		return nil, fmt.Errorf("the file does not end with CRLF")
	}
	text, err := charmap.Windows1251.NewDecoder().Bytes(data)
	if err != nil {
		return nil, fmt.Errorf("not Windows-1251: %v", err)
	}
	lines := strings.Split(strings.TrimSuffix(string(text), "\r\n"), "\r\n")
	if lines[0] != "1CClientBankExchange" {
		return nil, fmt.Errorf("line 1 is %q, not 1CClientBankExchange", lines[0])
	}
	f := &File{Header: map[string]string{}}
	var headerAccounts []string
	var doc *Doc
	section := "header"
	for n, line := range lines[1:] {
		at := fmt.Sprintf("line %d", n+2)
		for _, r := range line {
			if r < 0x20 {
				return nil, fmt.Errorf("%s holds a control character", at)
			}
		}
		k, v, hasEq := strings.Cut(line, "=")
		switch {
		case section == "end":
			return nil, fmt.Errorf("%s comes after КонецФайла", at)
		case line == "СекцияРасчСчет" && (section == "header" || section == "body" && len(f.Docs) == 0 && doc == nil):
			f.Accounts = append(f.Accounts, map[string]string{})
			section = "account"
		case line == "КонецРасчСчет" && section == "account":
			section = "body"
		case k == "СекцияДокумент" && hasEq && section == "body":
			doc = &Doc{Kind: v, Fields: map[string]string{}}
			section = "doc"
		case line == "КонецДокумента" && section == "doc":
			if err := checkDoc(doc); err != nil {
				return nil, fmt.Errorf("%s: %v", at, err)
			}
			f.Docs = append(f.Docs, *doc)
			section = "body"
		case line == "КонецФайла" && section == "body":
			section = "end"
		case !hasEq:
			return nil, fmt.Errorf("%s (%q) is not Key=Value in the %s section", at, line, section)
		case section == "header":
			if k == "Документ" {
				f.Kinds = append(f.Kinds, v)
				continue
			}
			if k == "РасчСчет" {
				headerAccounts = append(headerAccounts, v)
				if len(headerAccounts) > 1 {
					continue
				}
			}
			if err := put(f.Header, k, v, "ВерсияФормата Кодировка Отправитель Получатель ДатаСоздания ВремяСоздания ДатаНачала ДатаКонца РасчСчет"); err != nil {
				return nil, fmt.Errorf("%s: %v", at, err)
			}
		case section == "account":
			if err := put(f.Accounts[len(f.Accounts)-1], k, v, "ДатаНачала ДатаКонца РасчСчет НачальныйОстаток ВсегоПоступило ВсегоСписано КонечныйОстаток"); err != nil {
				return nil, fmt.Errorf("%s: %v", at, err)
			}
		case section == "doc":
			if !docKeys[k] {
				return nil, fmt.Errorf("%s: unknown document key %q", at, k)
			}
			if _, dup := doc.Fields[k]; dup {
				return nil, fmt.Errorf("%s: %s twice in one document", at, k)
			}
			doc.Fields[k] = v
		default:
			return nil, fmt.Errorf("%s (%q) is out of place in the %s section", at, line, section)
		}
	}
	if section != "end" {
		return nil, fmt.Errorf("no КонецФайла")
	}
	if len(f.Accounts) == 0 {
		return nil, fmt.Errorf("no СекцияРасчСчет")
	}
	f.Account = f.Accounts[0]
	for i, a := range f.Accounts {
		if i >= len(headerAccounts) || a["РасчСчет"] != headerAccounts[i] {
			return nil, fmt.Errorf("the account sections %d do not follow the header's РасчСчет lines %v", i+1, headerAccounts)
		}
	}
	return f, checkFile(f)
}

func put(m map[string]string, k, v, known string) error {
	if !strings.Contains(" "+known+" ", " "+k+" ") {
		return fmt.Errorf("unknown key %q", k)
	}
	if _, dup := m[k]; dup {
		return fmt.Errorf("%s twice", k)
	}
	m[k] = v
	return nil
}

func checkDoc(d *Doc) error {
	for _, k := range []string{"Номер", "Дата", "Сумма", "ПлательщикСчет", "ПолучательСчет"} {
		if d.Fields[k] == "" {
			return fmt.Errorf("document without %s", k)
		}
	}
	if !dateRe.MatchString(d.Fields["Дата"]) || !amountRe.MatchString(d.Fields["Сумма"]) {
		return fmt.Errorf("document date %q or amount %q malformed", d.Fields["Дата"], d.Fields["Сумма"])
	}
	if (d.Fields["ДатаСписано"] == "") == (d.Fields["ДатаПоступило"] == "") {
		return fmt.Errorf("a document needs ДатаСписано or ДатаПоступило, one of them")
	}
	return nil
}

func checkFile(f *File) error {
	h := f.Header
	if h["ВерсияФормата"] != "1.03" || h["Кодировка"] != "Windows" {
		return fmt.Errorf("version %q encoding %q", h["ВерсияФормата"], h["Кодировка"])
	}
	for _, k := range []string{"Отправитель", "ДатаСоздания", "ВремяСоздания", "ДатаНачала", "ДатаКонца", "РасчСчет"} {
		if h[k] == "" {
			return fmt.Errorf("header without %s", k)
		}
	}
	for _, k := range []string{"ДатаСоздания", "ДатаНачала", "ДатаКонца"} {
		if !dateRe.MatchString(h[k]) {
			return fmt.Errorf("header %s %q is not DD.MM.YYYY", k, h[k])
		}
	}
	in, out := map[string]decimal.Decimal{}, map[string]decimal.Decimal{}
	for _, a := range f.Accounts {
		for _, k := range []string{"ВсегоПоступило", "ВсегоСписано"} {
			if !amountRe.MatchString(a[k]) {
				return fmt.Errorf("account section %s: %s %q is not an amount with two decimals", a["РасчСчет"], k, a[k])
			}
		}
		in[a["РасчСчет"]], out[a["РасчСчет"]] = decimal.Zero, decimal.Zero
	}
	for _, d := range f.Docs {
		amt := decimal.RequireFromString(d.Fields["Сумма"])
		_, received := in[d.Fields["ПолучательСчет"]]
		_, paid := out[d.Fields["ПлательщикСчет"]]
		switch {
		case received && d.Fields["ДатаПоступило"] != "":
			in[d.Fields["ПолучательСчет"]] = in[d.Fields["ПолучательСчет"]].Add(amt)
		case paid && d.Fields["ДатаСписано"] != "":
			out[d.Fields["ПлательщикСчет"]] = out[d.Fields["ПлательщикСчет"]].Add(amt)
		default:
			return fmt.Errorf("document %s is on neither side of the file's accounts", d.Fields["Номер"])
		}
	}
	for _, a := range f.Accounts {
		acct := a["РасчСчет"]
		if !in[acct].Equal(decimal.RequireFromString(a["ВсегоПоступило"])) || !out[acct].Equal(decimal.RequireFromString(a["ВсегоСписано"])) {
			return fmt.Errorf("%s: totals %s/%s differ from the documents' %s/%s", acct, a["ВсегоПоступило"], a["ВсегоСписано"], in[acct], out[acct])
		}
	}
	return nil
}
