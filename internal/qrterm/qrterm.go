// Package qrterm draws a QR code on a terminal with half-block characters (two modules a
// character cell, so the modules come out square in the usual 1:2 cell), its quiet zone kept,
// and writes it as a PNG. The code itself is encoded by github.com/skip2/go-qrcode.
package qrterm

import (
	"bufio"
	"io"

	qrcode "github.com/skip2/go-qrcode"
)

// Quiet is the quiet zone around the code, in modules (the standard asks for four).
const Quiet = 4

// Modules encodes content (medium error correction: 15% of the code may be lost, enough for a
// phone camera at a screen) and returns its modules with the quiet zone, true for dark.
func Modules(content string) ([][]bool, error) {
	q, err := qrcode.New(content, qrcode.Medium)
	if err != nil {
		return nil, err
	}
	return q.Bitmap(), nil // the quiet zone included
}

// Write draws the code. colors: dark modules black on a white ground, whatever the terminal's
// own colors (ANSI 30;47); without colors (NO_COLOR) the light modules are drawn as blocks, for
// the usual light-on-dark terminal, as qrencode's UTF8 output does.
func Write(w io.Writer, content string, colors bool) error {
	m, err := Modules(content)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	for y := 0; y < len(m); y += 2 {
		if colors {
			bw.WriteString("\x1b[30;47m")
		}
		for x := range m[y] {
			top, bottom := m[y][x], y+1 < len(m) && m[y+1][x]
			if !colors {
				top, bottom = !top, y+1 < len(m) && !m[y+1][x]
			}
			switch {
			case top && bottom:
				bw.WriteString("█")
			case top:
				bw.WriteString("▀")
			case bottom:
				bw.WriteString("▄")
			default:
				bw.WriteByte(' ')
			}
		}
		if colors {
			bw.WriteString("\x1b[0m")
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// PNG is the code as a PNG image, 8 pixels a module, the quiet zone included.
func PNG(content string) ([]byte, error) {
	q, err := qrcode.New(content, qrcode.Medium)
	if err != nil {
		return nil, err
	}
	return q.PNG(-8) // a negative size is pixels per module
}
