package sendonce

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fakeSender answers each body with the outcome the test scripted for it, and counts sends.
type fakeSender struct {
	outcomes map[string]Outcome // by body
	sent     map[string]int
	readyErr error
	onSend   func(body string)
}

func (f *fakeSender) Ready(ctx context.Context) (context.Context, error) { return ctx, f.readyErr }
func (f *fakeSender) Send(ctx context.Context, body []byte) Outcome {
	if f.sent == nil {
		f.sent = map[string]int{}
	}
	f.sent[string(body)]++
	if f.onSend != nil {
		f.onSend(string(body))
	}
	if o, ok := f.outcomes[string(body)]; ok {
		return o
	}
	return Outcome{Event: Created, DocumentID: "doc-" + fmt.Sprint(len(f.sent))}
}

type fakeFinder struct{ found bool }

func (f fakeFinder) Executed(context.Context, *Attempt) (bool, error) { return f.found, nil }

// clock is a fake clock the test moves.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

const api = "https://business.tbank.ru/openapi"

func doc(line int, number, body string) *Doc {
	return &Doc{Line: line, Key: "k-" + body, Slot: "40702810000000000001/" + number, Body: []byte(body), Number: number, Amount: "1.00", Account: "40702810000000000001"}
}

func openJournal(t *testing.T, dir string) (*Journal, *[]string) {
	t.Helper()
	j, err := Open(dir, "default", "payments.jsonl", "the payment journal")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { j.Close() })
	var warnings []string
	j.Warn = func(s string) { warnings = append(warnings, s) }
	return j, &warnings
}

func run(t *testing.T, j *Journal, s Sender, f Finder, c *clock, docs []*Doc, force bool) ([]Row, error) {
	t.Helper()
	h, err := j.Read()
	if err != nil {
		t.Fatal(err)
	}
	items := Plan(h, api, docs, force, c.now())
	var rows []Row
	r := &Run{Journal: j, Sender: s, Finder: f, API: api, Input: "test.csv", Now: c.now}
	err = r.Do(context.Background(), items, func(row Row) { rows = append(rows, row) })
	return rows, err
}

func results(rows []Row) string {
	var s []string
	for _, r := range rows {
		s = append(s, r.Result+"/"+r.Why)
	}
	return strings.Join(s, " ")
}

// Every outcome a request can have, and what the next run does with each.
func TestOutcomesAndTheNextRun(t *testing.T) {
	j, _ := openJournal(t, t.TempDir())
	c := &clock{time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)}
	s := &fakeSender{outcomes: map[string]Outcome{
		`{"n":2}`: {Event: Refused, Err: errors.New("422 Неверный контрольный разряд счета")},
		`{"n":3}`: {Event: Unknown, Err: errors.New("no answer in time")},                  // a timeout
		`{"n":4}`: {Event: Unknown, Err: errors.New("T-Business answered 502")},            // a 5xx
		`{"n":5}`: {Event: Unknown, Err: errors.New("stream error: PROTOCOL_ERROR")},       // a reset
		`{"n":6}`: {Event: Unknown, Err: errors.New("connection closed before an answer")}, // a dropped answer
		`{"n":7}`: {Event: NotSent, Err: errors.New("connection refused")},
	}}
	var docs []*Doc
	for i := 1; i <= 7; i++ {
		docs = append(docs, doc(i+1, fmt.Sprint(i), fmt.Sprintf(`{"n":%d}`, i)))
	}
	rows, err := run(t, j, s, nil, c, docs, false)
	if err != nil {
		t.Fatal(err)
	}
	want := "created/ refused/ unknown/ unknown/ unknown/ unknown/ not-sent/"
	if got := results(rows); got != want {
		t.Fatalf("first run: %s", got)
	}
	c.t = c.t.Add(time.Hour)
	s.outcomes = nil
	rows, err = run(t, j, s, nil, c, docs, false)
	if err != nil {
		t.Fatal(err)
	}
	// Created: skipped. Refused and not-sent: sent again. Unknown: held for a person.
	want = "skipped/created before created/ held/unknown held/unknown held/unknown held/unknown created/"
	if got := results(rows); got != want {
		t.Fatalf("second run: %s", got)
	}
	for _, b := range []string{`{"n":1}`, `{"n":3}`, `{"n":4}`, `{"n":5}`, `{"n":6}`} {
		if s.sent[b] != 1 {
			t.Errorf("%s sent %d times", b, s.sent[b])
		}
	}
	if rows[0].DocumentID == "" || rows[2].Earlier == nil || rows[2].Earlier.Line != 4 {
		t.Fatalf("rows name the earlier draft: %+v %+v", rows[0], rows[2].Earlier)
	}
	h, _ := j.Read()
	if len(h.Attempts) != 9 {
		t.Fatalf("%d attempts in the journal, want 9 (every one kept)", len(h.Attempts))
	}
}

// A run killed between the intent and the outcome leaves an unknown draft: held, and with
// --force looked for in the statement first (executed: never sent again), else sent.
func TestKilledBetweenIntentAndOutcome(t *testing.T) {
	dir := t.TempDir()
	j, _ := openJournal(t, dir)
	c := &clock{time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)}
	d1, d2 := doc(2, "1", `{"n":1}`), doc(3, "2", `{"n":2}`)
	for _, d := range []*Doc{d1, d2} {
		j.Append(Entry{Time: c.now(), Attempt: NewAttempt(), Event: Intent, Key: d.Key, API: api, Slot: d.Slot, Line: d.Line, Body: d.Body, Number: d.Number, Amount: d.Amount, Account: d.Account})
	}
	s := &fakeSender{}
	rows, _ := run(t, j, s, fakeFinder{}, c, []*Doc{d1, d2}, false)
	if got := results(rows); got != "held/unknown held/unknown" || len(s.sent) != 0 {
		t.Fatalf("after a kill: %s, %d sent", got, len(s.sent))
	}
	rows, _ = run(t, j, s, fakeFinder{found: true}, c, []*Doc{d1}, true)
	if got := results(rows); !strings.HasPrefix(got, "executed/") || len(s.sent) != 0 {
		t.Fatalf("--force with the draft in the statement: %s, %d sent", got, len(s.sent))
	}
	rows, _ = run(t, j, s, fakeFinder{}, c, []*Doc{d1, d2}, true)
	if got := results(rows); got != "skipped/executed created/--force, was unknown" || s.sent[`{"n":2}`] != 1 {
		t.Fatalf("--force again: %s, sent %v", got, s.sent)
	}
}

// A torn last line (killed while writing) is passed over with a warning, and the next entry
// starts a line of its own; a line longer than bankctl writes breaks nothing.
func TestTornAndForeignLines(t *testing.T) {
	dir := t.TempDir()
	j, warnings := openJournal(t, dir)
	c := &clock{time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)}
	if _, err := run(t, j, &fakeSender{}, nil, c, []*Doc{doc(2, "1", `{"n":1}`)}, false); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "default", "payments.jsonl")
	f, _ := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	f.WriteString(`{"time":"2026-12-03T10:00:00Z","attempt":"ab","event":"intent","key":"k-{\"n\":2}","body":{"n":`)
	f.Close()
	s := &fakeSender{}
	rows, err := run(t, j, s, nil, c, []*Doc{doc(2, "1", `{"n":1}`), doc(3, "2", `{"n":2}`)}, false)
	if err != nil || results(rows) != "skipped/created before created/" {
		t.Fatalf("after a torn line: %s %v", results(rows), err)
	}
	if len(*warnings) != 1 || !strings.Contains((*warnings)[0], "line 3") {
		t.Fatalf("warnings: %q", *warnings)
	}
	// A hostile line of 2 MiB in the middle: passed over, and everything else still reads.
	f, _ = os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	f.WriteString(`{"attempt":"x","key":"y","event":"created","documentId":"` + strings.Repeat("A", 2<<20) + "\"}\n")
	f.Close()
	h, err := j.Read()
	if err != nil || len(h.Attempts) != 2 {
		t.Fatalf("after a long line: %v, %d attempts", err, len(h.Attempts))
	}
	if st, _ := h.State(`k-{"n":2}`); st != Created {
		t.Fatalf("state %s", st)
	}
}

// Two identical records in one input: refused, naming both lines, before anything is sent.
func TestDuplicatesInOneInput(t *testing.T) {
	err := Duplicates([]*Doc{doc(2, "1", `{"n":1}`), doc(3, "2", `{"n":2}`), doc(7, "1", `{"n":1}`)})
	if err == nil || !strings.Contains(err.Error(), "line 7") || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("duplicates: %v", err)
	}
}

// A draft with the payer account and number of one created (or unknown) through the same API
// within a year, but other contents, is held naming it and the fields that differ; --force
// sends it. So is a second draft of the same number in one input.
func TestConflicts(t *testing.T) {
	j, _ := openJournal(t, t.TempDir())
	c := &clock{time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)}
	s := &fakeSender{}
	run(t, j, s, nil, c, []*Doc{doc(2, "17", `{"amount":1500.50,"inn":"7707083893"}`)}, false)
	edited := doc(2, "17", `{"amount":1500.51,"inn":"7707083893"}`)
	rows, _ := run(t, j, s, nil, c, []*Doc{edited}, false)
	if results(rows) != "held/conflict" || len(rows[0].Differs) != 1 || rows[0].Differs[0] != "amount" || rows[0].Earlier.DocumentID == "" {
		t.Fatalf("edited row: %s %+v", results(rows), rows[0])
	}
	// Another API, or a year and a day later: no conflict.
	h, _ := j.Read()
	if it := Plan(h, "http://127.0.0.1:8700/openapi", []*Doc{edited}, false, c.now()); it[0].Decision != Send {
		t.Fatalf("another API: %s", it[0].Decision)
	}
	if it := Plan(h, api, []*Doc{edited}, false, c.now().Add(ConflictWindow+24*time.Hour)); it[0].Decision != Send {
		t.Fatalf("a year later: %s", it[0].Decision)
	}
	rows, _ = run(t, j, s, nil, c, []*Doc{edited}, true)
	if results(rows) != "created/--force, was conflict" {
		t.Fatalf("--force: %s", results(rows))
	}
	rows, _ = run(t, j, s, nil, c, []*Doc{doc(2, "18", `{"a":1}`), doc(3, "18", `{"a":2}`)}, false)
	if results(rows) != "created/ held/conflict" || rows[1].Earlier.Line != 2 {
		t.Fatalf("one number twice in one input: %s", results(rows))
	}
}

// A 401 or 403 stops the batch before the next document; an interrupt after the intent is
// journalled makes it not-sent; a failing Ready journals nothing.
func TestStops(t *testing.T) {
	j, _ := openJournal(t, t.TempDir())
	c := &clock{time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)}
	s := &fakeSender{outcomes: map[string]Outcome{`{"n":1}`: {Event: Refused, Stop: true, Err: errors.New("401")}}}
	rows, err := run(t, j, s, nil, c, []*Doc{doc(2, "1", `{"n":1}`), doc(3, "2", `{"n":2}`)}, false)
	if !errors.Is(err, ErrStopped) || len(rows) != 1 || len(s.sent) != 1 {
		t.Fatalf("401: %v, %d rows, %d sent", err, len(rows), len(s.sent))
	}
	ctx, cancel := context.WithCancel(context.Background())
	h, _ := j.Read()
	items := Plan(h, api, []*Doc{doc(3, "2", `{"n":2}`), doc(4, "3", `{"n":3}`)}, false, c.now())
	s2 := &fakeSender{}
	r := &Run{Journal: j, Sender: readyThen{s2, cancel}, API: api, Now: c.now}
	err = r.Do(ctx, items, func(Row) {})
	if !errors.Is(err, context.Canceled) || len(s2.sent) != 0 {
		t.Fatalf("interrupt: %v, %d sent", err, len(s2.sent))
	}
	h, _ = j.Read()
	if st, _ := h.State(`k-{"n":2}`); st != NotSent {
		t.Fatalf("an interrupted draft is %q, want not-sent", st)
	}
	before := len(h.Attempts)
	s3 := &fakeSender{readyErr: errors.New("invalid_grant")}
	if _, err := run(t, j, s3, nil, c, []*Doc{doc(4, "3", `{"n":3}`)}, false); err == nil {
		t.Fatal("a failing Ready did not stop the batch")
	}
	if h, _ = j.Read(); len(h.Attempts) != before {
		t.Fatal("a draft that never got a token was journalled")
	}
}

// readyThen cancels the run's context once the slot is taken: an interrupt during the intent.
type readyThen struct {
	s      *fakeSender
	cancel func()
}

func (r readyThen) Ready(ctx context.Context) (context.Context, error) { r.cancel(); return ctx, nil }
func (r readyThen) Send(ctx context.Context, body []byte) Outcome      { return r.s.Send(ctx, body) }

func TestUsableID(t *testing.T) {
	for id, ok := range map[string]bool{"6f1c2d1e-7d2b-4f8e-9a51-2c9b0f3e4a10": true, "": false, strings.Repeat("a", 129): false, "a\nb": false, "x y": false, "A.b_c-1": true} {
		if UsableID(id) != ok {
			t.Errorf("UsableID(%q) = %v", id, !ok)
		}
	}
}

// A journal written by the bankctl before attempts had ids: its created draft, whose key was
// reckoned otherwise, is held as a conflict by its payer account and number, not sent again.
func TestLegacyJournal(t *testing.T) {
	dir := t.TempDir()
	j, _ := openJournal(t, dir)
	os.WriteFile(filepath.Join(dir, "default", "payments.jsonl"), []byte(
		`{"time":"2026-11-20T10:00:00Z","key":"0ld","event":"intent","number":"17","amount":"1500.50","recipient":"ООО «Ромашка»","account":"40702810000000000001","line":2}`+"\n"+
			`{"time":"2026-11-20T10:00:01Z","key":"0ld","event":"created","documentId":"6f1c","number":"17","amount":"1500.50","account":"40702810000000000001","line":2}`+"\n"), 0o600)
	c := &clock{time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)}
	s := &fakeSender{}
	rows, _ := run(t, j, s, nil, c, []*Doc{doc(2, "17", `{"n":17}`), doc(3, "18", `{"n":18}`)}, false)
	if results(rows) != "held/conflict created/" || rows[0].Earlier.DocumentID != "6f1c" || len(s.sent) != 1 {
		t.Fatalf("after a legacy journal: %s %+v", results(rows), rows[0].Earlier)
	}
}
