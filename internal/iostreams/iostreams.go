// Package iostreams is where every command reads and writes: data to Out, people to ErrOut.
//
// It knows whether each stream is a terminal, and asks questions with hidden input when one is.
// Tests build it with Test and set the terminal flags they need.
package iostreams

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// IOStreams are the standard streams of one bankctl run.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	stdinTTY  bool
	stdoutTTY bool
	stderrTTY bool
	reader    *bufio.Reader
}

// System returns the process's own streams.
func System() *IOStreams {
	return &IOStreams{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		stdinTTY:  isTerminal(os.Stdin),
		stdoutTTY: isTerminal(os.Stdout),
		stderrTTY: isTerminal(os.Stderr),
	}
}

// Test returns streams backed by buffers, none of them a terminal.
func Test() (s *IOStreams, in *bytes.Buffer, out *bytes.Buffer, errOut *bytes.Buffer) {
	in, out, errOut = &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut}, in, out, errOut
}

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// IsStdinTTY reports whether standard input is a terminal.
func (s *IOStreams) IsStdinTTY() bool { return s.stdinTTY }

// IsStdoutTTY reports whether standard output is a terminal.
func (s *IOStreams) IsStdoutTTY() bool { return s.stdoutTTY }

// IsStderrTTY reports whether standard error is a terminal.
func (s *IOStreams) IsStderrTTY() bool { return s.stderrTTY }

// SetStdinTTY pretends standard input is (or is not) a terminal. For tests.
func (s *IOStreams) SetStdinTTY(v bool) { s.stdinTTY = v }

// SetStdoutTTY pretends standard output is (or is not) a terminal. For tests.
func (s *IOStreams) SetStdoutTTY(v bool) { s.stdoutTTY = v }

// SetStderrTTY pretends standard error is (or is not) a terminal. For tests.
func (s *IOStreams) SetStderrTTY(v bool) { s.stderrTTY = v }

// CanPrompt reports whether a person is there to answer: input and error output are terminals.
func (s *IOStreams) CanPrompt() bool { return s.stdinTTY && s.stderrTTY }

// ErrNoInput means standard input ended before an answer was given.
var ErrNoInput = errors.New("no input: standard input ended")

// Prompt writes question to ErrOut and reads one line. With hidden set, and input from a real
// terminal, the typed characters are not echoed.
func (s *IOStreams) Prompt(question string, hidden bool) (string, error) {
	fmt.Fprint(s.ErrOut, question)
	if f, ok := s.In.(*os.File); ok && hidden && isTerminal(f) {
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(s.ErrOut)
		if err != nil {
			return "", fmt.Errorf("could not read from the terminal: %w", err)
		}
		return string(b), nil
	}
	return s.ReadLine()
}

// ReadLine reads one line from In, without its line ending.
func (s *IOStreams) ReadLine() (string, error) {
	if s.reader == nil {
		s.reader = bufio.NewReader(s.In)
	}
	line, err := s.reader.ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		if errors.Is(err, io.EOF) {
			return "", ErrNoInput
		}
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// ReadAll reads the rest of In.
func (s *IOStreams) ReadAll(limit int64) ([]byte, error) {
	var r io.Reader = s.In
	if s.reader != nil {
		r = s.reader
	}
	return io.ReadAll(io.LimitReader(r, limit))
}

// TerminalWidth is the width of the output terminal, or 0 when it is not one.
func (s *IOStreams) TerminalWidth() int {
	if f, ok := s.Out.(*os.File); ok && s.stdoutTTY {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil {
			return w
		}
	}
	return 0
}
