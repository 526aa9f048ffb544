package sendcmd

import (
	"fmt"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/fsutil"
	"github.com/bankctl/bankctl/internal/iostreams"
)

// SavePDF writes a PDF to the file --save names (replaced whole, mode 0600: a bank document),
// or to standard output when that is not a terminal ("-" too). what names it for messages.
func SavePDF(ios *iostreams.IOStreams, save string, pdf []byte, what string) error {
	if err := PDFOut(ios, save); err != nil {
		return err
	}
	if save == "" || save == "-" {
		_, err := ios.Out.Write(pdf)
		return err
	}
	if err := fsutil.WriteFileAtomic(save, pdf); err != nil {
		return fmt.Errorf("could not save %s to %s: %w", what, save, err)
	}
	fmt.Fprintf(ios.ErrOut, "✓ Saved %s (%s) to %s\n", what, size(len(pdf)), save)
	return nil
}

// PDFOut refuses, before anything is fetched, to write a PDF to a terminal.
func PDFOut(ios *iostreams.IOStreams, save string) error {
	if save == "" && ios.IsStdoutTTY() {
		return cmdutil.Usagef("a PDF would garble the terminal: name a file with --save FILE, or pipe the output")
	}
	return nil
}

func size(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
