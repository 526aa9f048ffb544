package cmdutil

import (
	"context"
	"fmt"
	"strings"

	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/config"
	"github.com/bankctl/bankctl/internal/tbusiness"
)

// RequireScopes exits 5 before any request when a T-ID token lacks an official scope for the
// company: the profile's tid.inn/tid.kpp, else the only company its scopes name. The scopes are
// learnt once per access token (introspect) and kept with it. A self-service or environment
// token is left to the bank: 403 → exit 5.
func (f *Factory) RequireScopes(ctx context.Context, auth *TBusinessAuth, need ...string) error {
	granted, known, err := auth.Scopes(ctx)
	if err != nil || !known {
		return err // a token of another kind, or scopes that cannot be learnt: the bank decides
	}
	s, err := f.Settings()
	if err != nil {
		return err
	}
	c, missing, ok := tbusiness.MissingScopes(granted, s.TID.INN, s.TID.KPP, need...)
	if !ok || len(missing) == 0 {
		return nil
	}
	flag := config.ProfileFlag(s.Profile)
	return apperr.Forbidden(apperr.Suggest(
		fmt.Errorf("the T-ID token lacks the scope %s for INN %s, KPP %s: nothing was sent", strings.Join(missing, ", "), c.INN, c.KPP),
		fmt.Sprintf("`bankctl%s tid login --inn %s --kpp %s` grants it when the partner's T-ID registration includes it and the employee has the right", flag, c.INN, c.KPP)))
}
