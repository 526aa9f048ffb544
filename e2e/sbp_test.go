package e2e

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// decodeQR reads a QR code from an image with an independent decoder (ZXing's, ported to Go).
func decodeQR(t *testing.T, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: false})
	if err != nil {
		t.Fatalf("the QR code does not decode: %v", err)
	}
	return res.GetText()
}

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

// screenQR turns the half-block lines a terminal showed back into modules: each character is
// two modules, dark where the black foreground is drawn (the colours are black on white).
func screenQR(t *testing.T, screen string) [][]bool {
	t.Helper()
	var rows [][]bool
	for _, line := range strings.Split(screen, "\n") {
		if !strings.Contains(line, "\x1b[30;47m") {
			continue
		}
		line = ansi.ReplaceAllString(strings.TrimRight(line, "\r"), "")
		var top, bottom []bool
		for _, r := range line {
			top = append(top, r == '█' || r == '▀')
			bottom = append(bottom, r == '█' || r == '▄')
		}
		rows = append(rows, top, bottom)
	}
	if len(rows) == 0 {
		t.Fatalf("no QR code on the screen:\n%s", screen)
	}
	return rows
}

// render draws modules as an image, scale pixels a module.
func render(m [][]bool, scale int) image.Image {
	img := image.NewGray(image.Rect(0, 0, len(m[0])*scale, len(m)*scale))
	for y, row := range m {
		for x, dark := range row {
			c := color.Gray{Y: 255}
			if dark {
				c = color.Gray{Y: 0}
			}
			for dy := 0; dy < scale; dy++ {
				for dx := 0; dx < scale; dx++ {
					img.SetGray(x*scale+dx, y*scale+dy, c)
				}
			}
		}
	}
	return img
}

// The QR code drawn on a pseudo-terminal decodes back to the payment link, with its quiet zone;
// piped, only the link is printed; --png writes an image that decodes too.
func TestSBPQRCodeOnTheTerminal(t *testing.T) {
	w := newWorld(t)
	pngFile := filepath.Join(w.dir, "qr.png")
	screen, code := w.onTerminalSized(t, w.tbEnv(), 200, "tb", "sbp", "qr", "--amount", "1 500,50", "--purpose", "Оплата по счету 101", "--ttl", "3", "--png", pngFile)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, screen)
	}
	qrs := w.sb.QRs()
	if len(qrs) != 1 || qrs[0].Sum != "1500.50" || qrs[0].Type != "Onetime" {
		t.Fatalf("the bank got %+v", qrs)
	}
	link := qrs[0].URL
	contains(t, "screen", screen, qrs[0].ID, link, "1500.50", "sbp status "+qrs[0].ID)
	m := screenQR(t, screen)
	for i := 0; i < 4; i++ { // the quiet zone: four light modules on every side
		for x := range m[i] {
			if m[i][x] || m[len(m)-1-i][x] {
				t.Fatalf("module (%d, %d) of the quiet zone is dark", x, i)
			}
		}
		for y := range m {
			if m[y][i] || m[y][len(m[y])-1-i] {
				t.Fatalf("module (%d, %d) of the quiet zone is dark", i, y)
			}
		}
	}
	if got := decodeQR(t, render(m, 4)); got != link {
		t.Errorf("the terminal's QR code reads %q, want %q", got, link)
	}
	data, err := os.ReadFile(pngFile)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if got := decodeQR(t, img); got != link {
		t.Errorf("the PNG reads %q, want %q", got, link)
	}

	// Piped: the link only, for scripts.
	r := w.mustRun(w.tbEnv(), "", "tb", "sbp", "qr", "--reusable", "--purpose", "Оплата по договору 7", "--vat", "20")
	qrs = w.sb.QRs()
	if r.out != qrs[1].URL+"\n" || qrs[1].Type != "Reusable" || qrs[1].VAT != "20" {
		t.Errorf("piped: %q (the bank made %+v)", r.out, qrs[1])
	}

	// Status, as the payment comes.
	r = w.mustRun(w.tbEnv(), "", "tb", "sbp", "status", qrs[0].ID, "--jq", ".status")
	if strings.TrimSpace(r.out) != "Ready" {
		t.Errorf("status before the payment: %q", r.out)
	}
	w.sb.PayQR(qrs[0].ID)
	r = w.mustRun(w.tbEnv(), "", "tb", "sbp", "status", qrs[0].ID)
	contains(t, "status", r.out, "Paid", "1500.50")

	// Bad flags: a usage error, nothing sent.
	for _, args := range [][]string{
		{"--purpose", "x", "--ttl", "3"},                       // no amount
		{"--amount", "10", "--purpose", "x"},                   // no ttl
		{"--amount", "10.001", "--purpose", "x", "--ttl", "1"}, // three decimals
		{"--amount", "10", "--purpose", "x", "--ttl", "0"},     // no days
		{"--amount", "10", "--purpose", "x", "--ttl", "1", "--vat", "18"},
		{"--amount", "10", "--purpose", "", "--ttl", "1"},
	} {
		r := w.run(w.tbEnv(), "", append([]string{"tb", "sbp", "qr"}, args...)...)
		if r.code != 2 {
			t.Errorf("%v: exit %d, want 2\n%s", args, r.code, r.err)
		}
	}
	if n := len(w.sb.QRs()); n != 2 {
		t.Errorf("%d links made, want the 2 good ones", n)
	}
}

// An executed payment's document: a PDF to the file, never to the terminal.
func TestPaymentDocument(t *testing.T) {
	w := newWorld(t)
	file := filepath.Join(w.dir, "order.pdf")
	w.mustRun(w.tbEnv(), "", "tb", "payment", "document", "--date", "20.11.2026", "--operation-id", "op-abc-7", "--save", file)
	if data, _ := os.ReadFile(file); !bytes.HasPrefix(data, []byte("%PDF-")) || !bytes.Contains(data, []byte("op-abc-7")) {
		t.Errorf("the document: %.60q", data)
	}
	req := w.sb.RequestsTo("/openapi/api/v1/payment-document")
	if len(req) != 1 || !strings.Contains(req[0].Query, "operationDate=2026-11-20") {
		t.Errorf("requests %+v", req)
	}
	r := w.mustRun(w.tbEnv(), "", "tb", "payment", "document", "--date", "2026-11-20", "--operation-id", "op-abc-7")
	if !strings.HasPrefix(r.out, "%PDF-") {
		t.Errorf("piped: %.40q", r.out)
	}
	screen, code := w.onTerminal(t, w.tbEnv(), "tb", "payment", "document", "--date", "2026-11-20", "--operation-id", "op-abc-7")
	if code != 2 || strings.Contains(screen, "%PDF") {
		t.Errorf("to a terminal: exit %d\n%s", code, screen)
	}
	r = w.run(w.tbEnv(), "", "tb", "payment", "document", "--date", "2026-11-20", "--operation-id", "unknown-1")
	if r.code != 1 || !strings.Contains(r.err, "Документ не найден") {
		t.Errorf("an unknown operation: exit %d\n%s", r.code, r.err)
	}
	for _, args := range [][]string{{"--operation-id", "op-1"}, {"--date", "31.02.2026", "--operation-id", "op-1"}, {"--date", "2026-11-20"}, {"--date", "2026-11-20", "--operation-id", "a b"}} {
		if r := w.run(w.tbEnv(), "", append([]string{"tb", "payment", "document"}, args...)...); r.code != 2 {
			t.Errorf("%v: exit %d, want 2\n%s", args, r.code, r.err)
		}
	}
}
