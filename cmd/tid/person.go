package tid

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/jsonscan"
	"github.com/bankctl/bankctl/internal/sanitize"
	"github.com/bankctl/bankctl/internal/tbusiness"
)

// PersonOptions are the inputs of `bankctl tid person`.
type PersonOptions struct {
	IO      *iostreams.IOStreams
	Client  func() (*tbusiness.Client, *cmdutil.TBusinessAuth, error)
	TID     func(ctx context.Context) (userinfo func(ctx context.Context, access string) ([]byte, error), err error)
	Printer func() (*cmdutil.Printer, error)
	Kinds   []string
	IDType  string
}

// NewCmdPerson builds `bankctl tid person`.
func NewCmdPerson(f *cmdutil.Factory, runF func(*PersonOptions) error) *cobra.Command {
	opts := &PersonOptions{IO: f.IO, Client: f.TBusinessTID, TID: func(ctx context.Context) (func(context.Context, string) ([]byte, error), error) {
		c, err := client(f, true)(ctx)
		if err != nil {
			return nil, err
		}
		return c.UserInfo, nil
	}}
	names := make([]string, len(tbusiness.PersonKinds))
	for i, k := range tbusiness.PersonKinds {
		names[i] = k.Name
	}
	c := &cobra.Command{
		Use:   "person [KIND ...]",
		Short: "Show the signed-in person's passport, INN, SNILS, addresses (the partner scenario)",
		Long: `Read the data of the person signed in with T-ID that the person allowed the partner to read,
from the T-Business API with the profile's T-ID token: ` + strings.Join(names, ", ") + `.

Without KIND: every kind the token's scopes grant, and the userinfo claims; the kinds not
granted are named on standard error. A KIND whose scope the token lacks exits 5 before any
request. On a terminal each kind is a table; -o json prints one object keyed by kind, each
value the bank's answer unchanged.

bankctl never keeps a person's data: not in a cache, the config or the state folder, not in
--debug (an answer is logged as its size), not in an error message. docs/person.md is the guide.`,
		Example: `  bankctl tid person
  bankctl tid person passport inn
  bankctl tid person passport --id-type RF_INTERNATIONAL_PASSPORT -o json
  bankctl tid person inn --jq .inn.inn`,
		ValidArgs: names,
		RunE: cmdutil.RunE(opts, runF, personRun, func(cmd *cobra.Command, args []string) {
			opts.Kinds = args
		}),
	}
	opts.Printer = f.PrinterFor(c, cmdutil.Common)
	c.Flags().StringVar(&opts.IDType, "id-type", "", "the document the passport kind reads: "+strings.Join(tbusiness.IDTypes, ", ")+" (default PASSPORT)")
	c.RegisterFlagCompletionFunc("id-type", cobra.FixedCompletions(tbusiness.IDTypes, cobra.ShellCompDirectiveNoFileComp))
	return c
}

func personRun(ctx context.Context, opts *PersonOptions) error {
	asked, err := personKinds(opts.Kinds, opts.IDType)
	if err != nil {
		return err
	}
	p, err := opts.Printer()
	if err != nil {
		return err
	}
	c, auth, err := opts.Client()
	if err != nil {
		return err
	}
	granted, known, err := auth.Scopes(ctx)
	if err != nil {
		return err
	}
	kinds, err := personPlan(opts, asked, granted, known)
	if err != nil {
		return err
	}
	var doc []byte
	var failed []error
	refused := 0
	doc = append(doc, '{')
	add := func(name string, body []byte) {
		if len(doc) > 1 {
			doc = append(doc, ',')
		}
		doc = append(jsonscan.AppendQuoted(doc, name), ':')
		doc = append(doc, bytes.TrimSpace(body)...)
	}
	for _, k := range kinds {
		body, err := c.Person(ctx, k, strings.ToUpper(opts.IDType))
		var te *tbusiness.Error
		switch {
		case err == nil:
			add(k.Name, body)
		case !known && len(asked) == 0 && errors.As(err, &te) && te.Status == 403:
			fmt.Fprintf(opts.IO.ErrOut, "not granted: %s (%s)\n", k.Name, k.Scope)
			refused++
		case errors.Is(err, context.Canceled):
			return err
		default:
			if len(kinds) > 1 {
				fmt.Fprintf(opts.IO.ErrOut, "error: %s: %s\n", k.Name, sanitize.Line(apperr.OneLine(err)))
			}
			failed = append(failed, err)
		}
	}
	if refused == len(kinds) {
		return apperr.Forbidden(errors.New("the bank refused every kind of a person's data to this token: the T-ID registration or the person's consent lacks the scopes opensme/individual/…"))
	}
	if len(asked) == 0 {
		if body, err := opts.userinfo(ctx, auth); err != nil {
			fmt.Fprintf(opts.IO.ErrOut, "error: userinfo: %s\n", sanitize.Line(apperr.OneLine(err)))
		} else if jsonscan.Valid(body) {
			add("userinfo", body)
		}
	}
	doc = append(doc, '}')
	if len(doc) > 2 || len(failed) == 0 {
		if err := p.Document(doc, personLabels); err != nil {
			return err
		}
	}
	if len(failed) > 0 {
		return personFailed(failed, len(kinds))
	}
	return nil
}

// userinfo is T-ID's userinfo for the token in hand.
func (opts *PersonOptions) userinfo(ctx context.Context, auth *cmdutil.TBusinessAuth) ([]byte, error) {
	t, err := auth.TIDToken(ctx)
	if err != nil {
		return nil, err
	}
	userinfo, err := opts.TID(ctx)
	if err != nil {
		return nil, err
	}
	return userinfo(ctx, t.AccessToken)
}

// personKinds checks the kinds asked for and --id-type.
func personKinds(args []string, idType string) ([]tbusiness.PersonKind, error) {
	var out []tbusiness.PersonKind
	for _, a := range args {
		k, ok := tbusiness.PersonKindNamed(strings.ToLower(a))
		if !ok {
			names := make([]string, len(tbusiness.PersonKinds))
			for i, k := range tbusiness.PersonKinds {
				names[i] = k.Name
			}
			return nil, cmdutil.Usagef("unknown kind %q: use %s", a, strings.Join(names, ", "))
		}
		if !slices.ContainsFunc(out, func(o tbusiness.PersonKind) bool { return o.Name == k.Name }) {
			out = append(out, k)
		}
	}
	if idType != "" {
		if !slices.Contains(tbusiness.IDTypes, strings.ToUpper(idType)) {
			return nil, cmdutil.Usagef("invalid --id-type %q: use %s", idType, strings.Join(tbusiness.IDTypes, ", "))
		}
		if len(out) > 0 && !slices.ContainsFunc(out, func(o tbusiness.PersonKind) bool { return o.Name == "passport" }) {
			return nil, cmdutil.Usagef("--id-type chooses the document of the passport kind: ask for passport too")
		}
	}
	return out, nil
}

// personPlan decides what to ask for: the kinds asked (each granted, else exit 5 with nothing
// sent), or every granted kind (the others named on standard error).
func personPlan(opts *PersonOptions, asked []tbusiness.PersonKind, granted []string, known bool) ([]tbusiness.PersonKind, error) {
	if !known {
		if len(asked) > 0 {
			return asked, nil
		}
		return tbusiness.PersonKinds, nil // the bank says which it refuses
	}
	if len(asked) > 0 {
		var missing []string
		for _, k := range asked {
			if !slices.Contains(granted, k.Scope) {
				missing = append(missing, k.Scope+" ("+k.Name+")")
			}
		}
		if len(missing) > 0 {
			return nil, apperr.Forbidden(apperr.Suggest(
				fmt.Errorf("the T-ID token lacks the scope %s: nothing was sent", strings.Join(missing, ", ")),
				"the partner's T-ID registration must include the scope, and the person allows it at `bankctl tid login`"))
		}
		return asked, nil
	}
	var kinds []tbusiness.PersonKind
	var not []string
	for _, k := range tbusiness.PersonKinds {
		if slices.Contains(granted, k.Scope) {
			kinds = append(kinds, k)
		} else {
			not = append(not, k.Name+" ("+k.Scope+")")
		}
	}
	if len(kinds) == 0 {
		return nil, apperr.Forbidden(apperr.Suggest(
			errors.New("the T-ID token grants none of a person's data (scopes opensme/individual/…): nothing was sent"),
			"the partner's T-ID registration must include them, and the person allows them at `bankctl tid login`"))
	}
	if len(not) > 0 {
		fmt.Fprintf(opts.IO.ErrOut, "not granted: %s\n", strings.Join(not, ", "))
	}
	return kinds, nil
}

// personFailed is the error after some kinds could not be read: the first one's exit code.
func personFailed(failed []error, of int) error {
	if of == 1 {
		return failed[0]
	}
	err := fmt.Errorf("%d of %d kinds could not be read: see above", len(failed), of)
	switch cmdutil.ExitCode(failed[0]) {
	case cmdutil.ExitAuth:
		return apperr.Auth(err)
	case cmdutil.ExitForbidden:
		return apperr.Forbidden(err)
	}
	return err
}
