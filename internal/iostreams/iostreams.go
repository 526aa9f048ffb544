// Package iostreams is where every command reads and writes: data to Out, people to ErrOut.
//
// It knows whether each stream is a terminal, and asks questions with hidden input when one is.
// Everything written to ErrOut is shown inert (package sanitize): error messages and warnings
// carry text from servers. Tests build it with Test and set the terminal flags they need.
package iostreams

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/bankctl/bankctl/internal/sanitize"
)

// IOStreams are the standard streams of one bankctl run.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer // sanitised: control and bidi characters are shown inert

	stderr    io.Writer // the stream under ErrOut, for child processes
	stdinTTY  bool
	stdoutTTY bool
	stderrTTY bool
	reader    *bufio.Reader
}

// System returns the process's own streams.
func System() *IOStreams {
	return &IOStreams{
		In: os.Stdin, Out: os.Stdout, ErrOut: sanitize.NewWriter(os.Stderr, sanitize.KeepLines), stderr: os.Stderr,
		stdinTTY:  isTerminal(os.Stdin),
		stdoutTTY: isTerminal(os.Stdout),
		stderrTTY: isTerminal(os.Stderr),
	}
}

// TerminalWidth is stdout's terminal's width in columns, or 0 when stdout is no terminal.
func (s *IOStreams) TerminalWidth() int {
	f, ok := s.Out.(*os.File)
	if !s.stdoutTTY || !ok {
		return 0
	}
	w, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return w
}

// Test returns streams backed by buffers, none of them a terminal. errOut receives what
// ErrOut shows, sanitised as on a real stderr.
func Test() (s *IOStreams, in *bytes.Buffer, out *bytes.Buffer, errOut *bytes.Buffer) {
	in, out, errOut = &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: sanitize.NewWriter(errOut, sanitize.KeepLines), stderr: errOut}, in, out, errOut
}

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// ChildStderr is the stream a child process should get as its stderr: the real one, so a child
// bankctl still sees a terminal.
func (s *IOStreams) ChildStderr() io.Writer { return s.stderr }

// IsStdinTTY reports whether standard input is a terminal.
func (s *IOStreams) IsStdinTTY() bool { return s.stdinTTY }

// IsStderrTTY reports whether stderr is a terminal (a person reads the messages).
func (s *IOStreams) IsStderrTTY() bool { return s.stderrTTY }

// IsStdoutTTY reports whether standard output is a terminal.
func (s *IOStreams) IsStdoutTTY() bool { return s.stdoutTTY }

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
// terminal, the typed characters are not echoed. When ctx ends (Ctrl-C) it returns at once with
// ctx's error, the terminal's echo restored.
func (s *IOStreams) Prompt(ctx context.Context, question string, hidden bool) (string, error) {
	if f, ok := s.In.(*os.File); ok && hidden && isTerminal(f) {
		return readHidden(ctx, f, s.ErrOut, question)
	}
	fmt.Fprint(s.ErrOut, question)
	return s.readLine(ctx)
}

// readHidden shows question and reads a line with echo off: off before the question appears, so
// a token pasted the moment it does is never echoed. x/term's ReadPassword cannot be
// interrupted, so it runs aside; the terminal state saved here is put back when it returns, and
// at once on Ctrl-C.
func readHidden(ctx context.Context, f *os.File, errOut io.Writer, question string) (string, error) {
	fd := int(f.Fd())
	saved, err := term.GetState(fd)
	if err != nil {
		return "", fmt.Errorf("could not read from the terminal: %w", err)
	}
	echoOff(fd)
	fmt.Fprint(errOut, question)
	type answer struct {
		b   []byte
		err error
	}
	done := make(chan answer, 1)
	go func() {
		b, err := term.ReadPassword(fd)
		done <- answer{b, err}
	}()
	select {
	case a := <-done:
		term.Restore(fd, saved)
		fmt.Fprintln(errOut)
		if a.err != nil {
			return "", fmt.Errorf("could not read from the terminal: %w", a.err)
		}
		return string(a.b), nil
	case <-ctx.Done():
		term.Restore(fd, saved)
		fmt.Fprintln(errOut)
		return "", ctx.Err()
	}
}

// readLine reads one line, giving up when ctx ends.
func (s *IOStreams) readLine(ctx context.Context) (string, error) {
	type answer struct {
		line string
		err  error
	}
	done := make(chan answer, 1)
	go func() {
		l, err := s.ReadLine()
		done <- answer{l, err}
	}()
	select {
	case a := <-done:
		return a.line, a.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
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

// ReadAll reads the rest of In, up to limit bytes: more is an error, never a silent cut (a
// batch of drafts cut mid-line could still parse).
func (s *IOStreams) ReadAll(limit int64) ([]byte, error) {
	var r io.Reader = s.In
	if s.reader != nil {
		r = s.reader
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err == nil && int64(len(data)) > limit {
		return nil, fmt.Errorf("standard input holds more than %d bytes", limit)
	}
	return data, err
}
