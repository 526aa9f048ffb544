package tbusiness

import (
	"context"
	"fmt"
	"strings"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/config"
	"github.com/bankctl/bankctl/internal/money"
	"github.com/bankctl/bankctl/internal/render"
	"github.com/bankctl/bankctl/internal/tbusiness"
)

// companyAccount is one of the company's accounts, as `accounts` lists it.
type companyAccount struct{ number, currency, name string }

// statementAccounts resolves --account (else tbusiness.account, else the only account) against
// the company's accounts, read once: a number it does not have is refused before the first page,
// listing them; "all" is every ruble account.
func statementAccounts(ctx context.Context, f *cmdutil.Factory, flag string, s *cmdutil.Settings, c *tbusiness.Client, auth *cmdutil.TBusinessAuth) ([]string, bool, error) {
	if err := f.RequireScopes(ctx, auth, tbusiness.ScopeAccounts); err != nil {
		return nil, false, err
	}
	body, err := c.Accounts(ctx, false)
	if err != nil {
		return nil, false, fmt.Errorf("could not list the company's accounts to check the statement's: %w", err)
	}
	items, err := cmdutil.Items(body)
	if err != nil {
		return nil, false, err
	}
	var list []companyAccount
	for _, it := range items {
		if n, err := render.Parse(it); err == nil {
			list = append(list, companyAccount{n.At("accountNumber").String(), n.At("currency").String(), n.At("name").String()})
		}
	}
	listing := func() []string {
		out := []string{"the company's accounts:"}
		for _, a := range list {
			out = append(out, fmt.Sprintf("%s  %s  %s", a.number, money.Currency(a.currency), a.name))
		}
		return out
	}
	flagP := config.ProfileFlag(s.Profile)
	asked, from := flag, "--account"
	if asked == "" && s.TBusiness.Account != "" {
		asked, from = s.TBusiness.Account, "tbusiness.account"
	}
	switch {
	case strings.EqualFold(strings.TrimSpace(asked), "all"):
		var rub []string
		for _, a := range list {
			if a.currency == "643" || a.currency == "810" {
				rub = append(rub, a.number)
			}
		}
		if len(rub) == 0 {
			return nil, false, apperr.Suggest(cmdutil.Usagef("--account all: the company has no ruble account"), listing()...)
		}
		return rub, true, nil
	case asked != "":
		number := strings.Join(strings.Fields(asked), "")
		if err := config.CheckAccount(number); err != nil {
			return nil, false, cmdutil.Usagef("invalid %s %q: use the 20 digits of one of the company's accounts, or all", from, asked)
		}
		for _, a := range list {
			if a.number == number {
				return []string{number}, false, nil
			}
		}
		return nil, false, apperr.Suggest(cmdutil.Usagef("the company has no account %s (%s %q): nothing was asked of the statement", number, from, asked), listing()...)
	case len(list) == 1:
		return []string{list[0].number}, false, nil
	}
	return nil, false, apperr.Suggest(cmdutil.Usagef("the company has %d accounts: pass --account NUMBER (or all), or `bankctl%s config set tbusiness.account NUMBER`", len(list), flagP), listing()...)
}
