package onec

import (
	"testing"

	"golang.org/x/text/encoding/charmap"
)

func TestEncode(t *testing.T) {
	for in, want := range map[string]string{
		"Оплата по счету №5":  "Оплата по счету №5",
		"a\r\nКонецДокумента": "a  КонецДокумента",
		"Кофе ☕ 🎂 ż ½":        "Кофе ? ? ? ?",
		"tab\there\x00":       "tab here ",
		"«ёЁ» — €":            "«ёЁ» — €",
		"bad \xff":            "bad ?",
	} {
		got, changed := Encode(in)
		dec, _ := charmap.Windows1251.NewDecoder().Bytes(got)
		if string(dec) != want || changed != (in != want) {
			t.Errorf("Encode(%q) = %q (changed %v), want %q", in, dec, changed, want)
		}
	}
	// Every character Windows-1251 has goes through unchanged.
	for b := 0x20; b < 0x100; b++ {
		if b == 0x7f || b == 0x98 {
			continue
		}
		r := charmap.Windows1251.DecodeByte(byte(b))
		if got, changed := Encode(string(r)); changed || len(got) != 1 || got[0] != byte(b) {
			t.Errorf("%U (byte %#x) became %v changed=%v", r, b, got, changed)
		}
	}
}
