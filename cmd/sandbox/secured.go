package sandbox

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/bankctl/bankctl/internal/sandbox"
)

// startSecured serves the sandbox's T-API secured host next to it (on host, another port) with
// fresh demo certificates written into world, and returns the environment that points bankctl
// at it: the URL, the demo CA, and the client certificate and key to import.
func startSecured(ctx context.Context, srv *sandbox.Server, host, world string) ([]string, error) {
	pki, err := sandbox.NewSecuredPKI(365 * 24 * time.Hour)
	if err != nil {
		return nil, err
	}
	l, err := sandbox.Listen(net.JoinHostPort(host, "0"))
	if err != nil {
		return nil, err
	}
	ca, cert, key, err := pki.WriteFiles(world)
	if err != nil {
		l.Close()
		return nil, err
	}
	go srv.ServeSecured(ctx, l, pki)
	return []string{
		"BANKCTL_TBUSINESS_SECURED_URL=https://" + l.Addr().String(),
		"BANKCTL_CA_FILE=" + ca,
		"BANKCTL_SANDBOX_CERT=" + cert,
		"BANKCTL_SANDBOX_KEY=" + key,
	}, nil
}

// securedNote is what the sandbox says about its secured host.
func securedNote(env []string) string {
	return fmt.Sprintf("T-API secured host: %s, with a client certificate: bankctl tbusiness cert import --cert \"$BANKCTL_SANDBOX_CERT\" --key \"$BANKCTL_SANDBOX_KEY\", then bankctl tb api --secured api/v1/individual/userinfo",
		env[0][len("BANKCTL_TBUSINESS_SECURED_URL="):])
}
