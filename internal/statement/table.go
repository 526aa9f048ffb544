package statement

import (
	"github.com/bankctl/bankctl/internal/money"
	"github.com/bankctl/bankctl/internal/render"
)

// tableExport shows a statement on a terminal page by page: the first page sets the widths.
// With --account all an ACCOUNT column comes first.
type tableExport struct {
	base
	t *render.StreamTable
}

func newTable(b base) *tableExport {
	header := []string{"DATE", "TYPE", "AMOUNT", "CUR", "COUNTERPARTY", "PURPOSE", "STATUS"}
	caps := []int{0, 0, 0, 0, 32, 60, 0}
	if b.o.All {
		header, caps = append([]string{"ACCOUNT"}, header...), append([]int{0}, caps...)
	}
	return &tableExport{base: b, t: render.NewStreamTable(b.w, header, caps)}
}

func (e *tableExport) Operation(raw []byte) error {
	op, err := e.parse(raw, false)
	if err != nil {
		return err
	}
	status := ""
	if op.Authorization() {
		status = "authorization"
	}
	row := []string{moscowStamp(op.Date), op.Type(), op.Signed(), money.Currency(op.AccountCurrency),
		op.Counterparty().Name, op.Purpose, status}
	if e.o.All {
		row = append([]string{op.Account}, row...)
	}
	return e.t.Row(row...)
}

// PageEnd prints what the page brought.
func (e *tableExport) PageEnd() error { return e.t.Flush() }

func (e *tableExport) Finish() error { return e.t.Flush() }

func (e *tableExport) Abort() { e.t.Flush() }
