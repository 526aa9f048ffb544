package statement

import (
	"bufio"

	"github.com/bankctl/bankctl/internal/money"
	"github.com/bankctl/bankctl/internal/render"
)

// tableExport shows a statement on a terminal page by page: the first page sets the widths.
type tableExport struct {
	base
	t *render.StreamTable
}

func newTable(w *bufio.Writer, o ExportOptions) *tableExport {
	return &tableExport{base: base{w: w, o: o}, t: render.NewStreamTable(w,
		[]string{"DATE", "TYPE", "AMOUNT", "CUR", "COUNTERPARTY", "PURPOSE", "STATUS"},
		[]int{0, 0, 0, 0, 32, 60, 0})}
}

func (e *tableExport) Operation(raw []byte) error {
	op, err := ParseOperation(raw)
	if err != nil {
		return err
	}
	if err := op.CheckAmounts(); err != nil {
		return err
	}
	status := ""
	if op.Authorization() {
		status = "authorization"
	}
	return e.t.Row(moscowStamp(op.Date), op.Type(), op.Signed(), money.Currency(op.AccountCurrency),
		op.Counterparty().Name, op.Purpose, status)
}

// PageEnd prints what the page brought.
func (e *tableExport) PageEnd() error { return e.t.Flush() }

func (e *tableExport) Finish() error { return e.t.Flush() }

func (e *tableExport) Abort() { e.t.Flush() }
