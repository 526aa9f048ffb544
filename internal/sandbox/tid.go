package sandbox

// The demo T-ID partner the sandbox knows.
const (
	DemoClientID     = "bankctl-sandbox"
	DemoClientSecret = "sandbox-secret-7Qm2Vx9Lr4"
	DemoRedirectURI  = "http://127.0.0.1:8765/auth/complete"
)

// tidState is the T-ID emulator's state.
type tidState struct{}

func newTIDState() *tidState { return &tidState{} }

func (s *Server) routeTID() {}
