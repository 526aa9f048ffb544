// Package cmdutil is what every command area shares: the Factory (streams, lazy settings,
// keystore, HTTP and API clients, token sources), output formats and --jq, exit codes and
// usage errors, prompts and the browser opener. It imports no command area.
package cmdutil

import (
	"crypto/tls"
	"net/http"
	"strings"
	"sync"

	"github.com/itchyny/gojq"
	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/bankctl/bankctl/internal/build"
	"github.com/bankctl/bankctl/internal/config"
	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/keystore"
	"github.com/bankctl/bankctl/internal/rest"
)

// Factory hands commands what they need. Everything costly is lazy, so --help, version and
// completion never read the config, touch the keyring or open a connection.
type Factory struct {
	IO *iostreams.IOStreams
	// Browser opens a URL for people (T-ID login); nil: BANKCTL_BROWSER, BROWSER or the system's.
	Browser func(url string) error

	viper   *viper.Viper
	jq      *gojq.Code                 // --jq, compiled once when the flags are bound
	changed map[string]bool            // global flags given on the command line
	formats map[*cobra.Command]Formats // what each command prints, for -o's completion

	settingsOnce sync.Once
	settings     *Settings
	settingsErr  error
	cfg          *config.File
	clientOnce   sync.Once
	client       *http.Client
	clientErr    error
}

// New returns a Factory for the given streams.
func New(io *iostreams.IOStreams) *Factory {
	return &Factory{IO: io, viper: viper.New()}
}

// Config loads the config file once.
func (f *Factory) Config() (*config.File, error) {
	if _, err := f.Settings(); err != nil {
		return nil, err
	}
	return f.cfg, nil
}

// Loaded is what the config commands start from: the settings and the config file.
func (f *Factory) Loaded() (*Settings, *config.File, error) {
	s, err := f.Settings()
	if err != nil {
		return nil, nil, err
	}
	return s, f.cfg, nil
}

// Settings resolves the settings once: the config file is read here, on first use.
func (f *Factory) Settings() (*Settings, error) {
	f.settingsOnce.Do(func() { f.settings, f.settingsErr = f.resolve() })
	return f.settings, f.settingsErr
}

// Keystore opens the secret store the settings choose.
func (f *Factory) Keystore() (keystore.Store, error) {
	s, err := f.Settings()
	if err != nil {
		return nil, err
	}
	return keystore.Open(s.Keyring, s.SecretsFile, s.KeyringTimeout)
}

// FileStore is the opt-in plain-text store, for --insecure-storage.
func (f *Factory) FileStore() (*keystore.File, error) {
	s, err := f.Settings()
	if err != nil {
		return nil, err
	}
	return &keystore.File{Path: s.SecretsFile}, nil
}

// LoginStore is where a login stores its secret: the plain file with --insecure-storage, else
// the store the settings choose.
func (f *Factory) LoginStore(insecure bool) (keystore.Store, error) {
	if insecure {
		return f.FileStore()
	}
	return f.Keystore()
}

// HTTPClient builds the shared HTTP client once, from the settings.
func (f *Factory) HTTPClient() (*http.Client, error) {
	f.clientOnce.Do(func() { f.client, f.clientErr = f.NewHTTPClient(nil, "") })
	return f.client, f.clientErr
}

// NewHTTPClient builds an HTTP client from the settings; cert (may be nil) is offered in TLS
// handshakes with certAddr (host:port) only.
func (f *Factory) NewHTTPClient(cert *tls.Certificate, certAddr string) (*http.Client, error) {
	s, err := f.Settings()
	if err != nil {
		return nil, err
	}
	opts := rest.Options{Timeout: s.Timeout, CAFile: s.CAFile, UserAgent: build.UserAgent(), ClientCert: cert, ClientCertAddr: certAddr}
	if s.Debug {
		opts.Debug = f.IO.ErrOut
	}
	return rest.NewHTTPClient(opts)
}

// Secret reads a secret setting from the environment (BANKCTL_IBANK_TOKEN and friends), never
// from the file, which holds none. Surrounding blanks are dropped.
func (f *Factory) Secret(name string) string {
	if !config.Named(name).Secret {
		panic("cmdutil: " + name + " is not a secret setting")
	}
	return strings.TrimSpace(f.viper.GetString(name))
}

// CompleteProfiles completes profile names from the config file.
func (f *Factory) CompleteProfiles(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	cfg, err := f.Config()
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []string
	for _, n := range cfg.ProfileNames() {
		if strings.HasPrefix(n, toComplete) {
			out = append(out, n)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// ConfigPath is the config file's path (--config, BANKCTL_CONFIG, else the default), without
// reading it.
func (f *Factory) ConfigPath() (string, error) {
	if p := f.viper.GetString("config"); p != "" {
		return p, nil
	}
	return config.DefaultPath()
}
