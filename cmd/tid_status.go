package cmd

import (
	"context"

	"github.com/bankctl/bankctl/internal/render"
)

// TIDStatus is the T-ID part of a Status.
type TIDStatus struct {
	ClientID string `json:"client_id,omitempty"`
	stored   bool
	broken   bool
}

func tidStatus(ctx context.Context, f *Factory, s *Settings) *TIDStatus {
	return &TIDStatus{ClientID: s.TID.ClientID}
}

func appendTIDStatus(t *render.Table, st *TIDStatus) {
	t.Append("T-ID client", orDash(st.ClientID))
}
