package textin

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

func TestDecode(t *testing.T) {
	win, _ := charmap.Windows1251.NewEncoder().String("Номер;Сумма\r\n1;Оплата «Р»\r\n")
	for _, c := range []struct {
		name, data, enc, want, used string
	}{
		{"utf-8", "Номер\n", "", "Номер\n", UTF8},
		{"utf-8 bom", "\ufeffНомер\n", "", "Номер\n", UTF8},
		{"cp1251", win, "", "Номер;Сумма\r\n1;Оплата «Р»\r\n", CP1251},
		{"cp1251 named", win, "windows-1251", "Номер;Сумма\r\n1;Оплата «Р»\r\n", CP1251},
		{"utf-16le bom", "\xff\xfe\x1d\x04\x3e\x04\n\x00", "", "Но\n", UTF16},
	} {
		d, err := Decode([]byte(c.data), c.enc)
		if err != nil || d.Text != c.want || d.Encoding != c.used {
			t.Errorf("%s: %q %s %v", c.name, d.Text, d.Encoding, err)
		}
	}
	if _, err := Decode([]byte("a\nНомер \xe9\n"), ""); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("stray byte: %v", err)
	}
	if _, err := Decode([]byte("x"), "koi8-r"); err == nil {
		t.Error("an unknown encoding was taken")
	}
	if _, err := Decode([]byte("\xff\xfe\x00"), ""); err == nil {
		t.Error("an odd UTF-16 file was taken")
	}
}

func TestReadTable(t *testing.T) {
	resolve := func(h string) (string, bool) {
		switch Normalize(h) {
		case "номер", "number":
			return "number", true
		case "сумма":
			return "amount", true
		}
		return "", false
	}
	fields, recs, err := ReadTable("Номер\tСумма\t\n1\t2,5\t\n\t\t\n", resolve)
	if err != nil || len(fields) != 2 || len(recs) != 1 || recs[0].Cells["amount"] != "2,5" || recs[0].Line != 2 {
		t.Fatalf("%v %v %v", fields, recs, err)
	}
	_, _, err = ReadTable("Номер,Сумма,Цвет,Number\n", resolve)
	var errs Errors
	if !errors.As(err, &errs) || len(errs) != 2 || !strings.Contains(errs[0].Error(), "field Цвет") || !strings.Contains(errs[1].Error(), "a second column for number") {
		t.Fatalf("header problems: %v", err)
	}
	_, _, err = ReadTable("Номер;Сумма\n1;2;3\n\"4;5\n", resolve)
	if !errors.As(err, &errs) || len(errs) != 2 || !strings.Contains(errs[0].Error(), "line 2: 3 cells") || !strings.Contains(errs[1].Error(), "line 3: not valid CSV") {
		t.Fatalf("row problems: %v", err)
	}
	var many Errors
	for i := 0; i < 60; i++ {
		many.Add(&LineError{i, "x"})
	}
	if len(many) != MaxErrors || many.Err() == nil || (&FieldError{Line: -1, Field: "f", Msg: "m"}).Error() != "field f: m" {
		t.Fatal("Errors")
	}
}
