package apicmd

import (
	"testing"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/iostreams"
)

func TestAPIFlagsToOptions(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	f := cmdutil.New(ios)
	var got *Options
	c := NewCmdAPI(f, Spec{Name: "x", Client: func(*cmdutil.Factory) ClientFunc { return nil }}, func(o *Options) error { got = o; return nil })
	c.SetArgs([]string{"payment-orders", "-X", "put", "-H", "A: b", "-f", "k=v", "-F", "n=1", "--input", "-", "-i"})
	if err := c.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Path != "payment-orders" || got.Method != "put" || !got.MethodSet || got.Headers[0] != "A: b" ||
		got.RawFields[0] != "k=v" || got.Fields[0] != "n=1" || got.Input != "-" || !got.Include {
		t.Fatalf("options %+v", *got)
	}
}
