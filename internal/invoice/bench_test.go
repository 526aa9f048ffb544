package invoice_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bankctl/bankctl/internal/invoice"
	"github.com/bankctl/bankctl/internal/sendonce"
)

// invoicesCSV is n invoices of three item rows each, as an accountant's spreadsheet has them.
func invoicesCSV(n int) []byte {
	var s strings.Builder
	s.WriteString("invoiceNumber;invoiceDate;dueDate;payer.name;payer.inn;payer.kpp;items.name;items.price;items.amount;items.unit;items.vat;contacts.email\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&s, "%d;01.12.2026;15.12.2026;ООО «Ромашка»;7715012342;771501001;Консультация по договору %d;15 000,50;1;ч;None;buh@romashka.ru\n", i, i)
		fmt.Fprintf(&s, "%d;;;;;;Выезд специалиста;2500;2,5;ч;20;\n", i)
		fmt.Fprintf(&s, "%d;;;;;;Расходные материалы;199,99;12;шт;22;\n", i)
	}
	return []byte(s.String())
}

// checked reads, checks and keys invoices as invoice send does before its first request.
func checked(tb testing.TB, data []byte, n int) []*sendonce.Doc {
	in, err := invoice.Read(data, "")
	if err != nil || len(in.Invoices) != n {
		tb.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	docs := make([]*sendonce.Doc, 0, n)
	for _, inv := range in.Invoices {
		if errs := inv.Check(now); len(errs) > 0 {
			tb.Fatal(errs)
		}
		docs = append(docs, inv.Doc("https://business.tbank.ru/openapi"))
	}
	if err := sendonce.Duplicates(docs); err != nil {
		tb.Fatal(err)
	}
	return docs
}

// BenchmarkCheckInvoices reads 1,000 invoices (3,000 CSV rows) and runs every local check.
func BenchmarkCheckInvoices(b *testing.B) {
	data := invoicesCSV(1000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		checked(b, data, 1000)
	}
}
