package tbusiness

import (
	"context"
	"io"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/render"
	"github.com/bankctl/bankctl/internal/tbusiness"
)

// CompanyOptions are the inputs of `bankctl tbusiness company`.
type CompanyOptions struct {
	Client  func() (*tbusiness.Client, *cmdutil.TBusinessAuth, error)
	Printer func() (*cmdutil.Printer, error)
}

// NewCmdCompany builds `bankctl tbusiness company`.
func NewCmdCompany(f *cmdutil.Factory, runF func(*CompanyOptions) error) *cobra.Command {
	opts := &CompanyOptions{Client: f.TBusiness}
	c := &cobra.Command{
		Use:   "company",
		Short: "Show the company the token belongs to",
		Long: `Call GET /api/v1/company and show the company: name, INN, KPP, OGRN, address, bank and BIC.
-o json prints the bank's JSON unchanged; fields bankctl does not know are kept there.`,
		Example: `  bankctl tbusiness company
  bankctl tb company -o json --jq .requisites.inn`,
		Args: cmdutil.NoArgs,
		RunE: cmdutil.RunE(opts, runF, companyRun, nil),
	}
	opts.Printer = f.PrinterFor(c, cmdutil.Common)
	return c
}

func companyRun(ctx context.Context, opts *CompanyOptions) error {
	p, err := opts.Printer()
	if err != nil {
		return err
	}
	c, _, err := opts.Client()
	if err != nil {
		return err
	}
	body, err := c.Company(ctx)
	if err != nil {
		return err
	}
	return p.Data(body, func(w io.Writer, tty bool) error {
		n, err := render.Parse(body)
		if err != nil {
			return err
		}
		t := render.NewTable()
		for _, row := range []struct {
			label string
			path  []string
		}{
			{"Name", []string{"name"}}, {"Full name", []string{"requisites", "fullName"}},
			{"INN", []string{"requisites", "inn"}}, {"KPP", []string{"requisites", "kpp"}},
			{"OGRN", []string{"requisites", "ogrn"}}, {"Address", []string{"requisites", "address"}},
			{"Bank", []string{"bank", "bankName"}}, {"BIC", []string{"bank", "bankBic"}},
			{"Corr. account", []string{"bank", "corrAccount"}}, {"Registered", []string{"registrationDate"}},
		} {
			if v := n.At(row.path...).String(); v != "" {
				t.Append(row.label, v)
			}
		}
		return t.Render(w, tty)
	})
}
