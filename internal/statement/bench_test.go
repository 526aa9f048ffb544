package statement_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/bankctl/bankctl/internal/fsutil"
	"github.com/bankctl/bankctl/internal/sandbox"
	"github.com/bankctl/bankctl/internal/statement"
	"github.com/bankctl/bankctl/internal/tbusiness"
)

// statementBench streams a 100,000-operation statement from the sandbox into one format.
func statementBench(b *testing.B, format string) {
	sb := sandbox.New()
	sb.SetStatementSize(100000)
	sb.SetRateLimits(false)
	srv := httptest.NewServer(sb)
	defer srv.Close()
	base, _ := url.Parse(srv.URL + "/openapi")
	c := tbusiness.New(tbusiness.Options{Base: base, HTTP: http.DefaultClient, Kind: tbusiness.FromEnv,
		Auth: func(context.Context) (string, error) { return "Bearer " + sandbox.TBusinessToken, nil }})
	from := time.Date(2026, 10, 31, 21, 0, 0, 0, time.UTC)
	q := tbusiness.Query{Account: sandbox.MainAccount, From: from, To: from.AddDate(0, 1, 0), Status: "All", Balances: true}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e := newExport(b, format, q)
		p, err := c.Statement(context.Background(), q, "", e)
		if err != nil {
			b.Fatal(err)
		}
		if err := e.Finish(); err != nil {
			b.Fatal(err)
		}
		if p.Operations != 100000 {
			b.Fatalf("%d operations", p.Operations)
		}
	}
}

func BenchmarkStatementJSONL(b *testing.B) { statementBench(b, "jsonl") }
func BenchmarkStatementCSV(b *testing.B)   { statementBench(b, "csv") }
func BenchmarkStatement1C(b *testing.B)    { statementBench(b, "1c") }
func BenchmarkStatementTSV(b *testing.B)   { statementBench(b, "tsv") }
func BenchmarkStatementXLSX(b *testing.B)  { statementBench(b, "xlsx") }

// newExport is the export payment create's statement command makes, for one account.
func newExport(b *testing.B, format string, q tbusiness.Query) statement.Export {
	o := statement.ExportOptions{Format: format, Out: io.Discard, From: q.From, To: q.To, Delimiter: ','}
	if format == "1c" {
		dir, err := fsutil.OpenDir(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		if o.Spool, err = statement.NewSpool(dir, "bench"); err != nil {
			b.Fatal(err)
		}
	}
	e, err := statement.NewExport(o)
	if err != nil {
		b.Fatal(err)
	}
	e.Begin(q.Account)
	return e
}

// opsOnly measures the formats alone, on operations already read: what bankctl spends per
// operation besides the network.
func opsOnly(b *testing.B, format string) {
	sb := sandbox.New()
	sb.SetStatementSize(20000)
	sb.SetRateLimits(false)
	srv := httptest.NewServer(sb)
	base, _ := url.Parse(srv.URL + "/openapi")
	c := tbusiness.New(tbusiness.Options{Base: base, HTTP: http.DefaultClient, Kind: tbusiness.FromEnv,
		Auth: func(context.Context) (string, error) { return "Bearer " + sandbox.TBusinessToken, nil }})
	from := time.Date(2026, 10, 31, 21, 0, 0, 0, time.UTC)
	q := tbusiness.Query{Account: sandbox.MainAccount, From: from, To: from.AddDate(0, 1, 0), Status: "All", Balances: true}
	var ops [][]byte
	var size int64
	c.Statement(context.Background(), q, "", collect{func(op []byte) { ops = append(ops, append([]byte(nil), op...)); size += int64(len(op)) }})
	srv.Close()
	b.SetBytes(size)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e := newExport(b, format, q)
		for _, op := range ops {
			e.Operation(op)
		}
		e.Finish()
	}
}

type collect struct{ f func([]byte) }

func (c collect) Balances([]byte) error     { return nil }
func (c collect) Operation(op []byte) error { c.f(op); return nil }

func BenchmarkOpsJSONL(b *testing.B) { opsOnly(b, "jsonl") }
func BenchmarkOpsCSV(b *testing.B)   { opsOnly(b, "csv") }
func BenchmarkOpsTSV(b *testing.B)   { opsOnly(b, "tsv") }
func BenchmarkOps1C(b *testing.B)    { opsOnly(b, "1c") }
func BenchmarkOpsXLSX(b *testing.B)  { opsOnly(b, "xlsx") }
