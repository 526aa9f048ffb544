package cmd

import "github.com/spf13/cobra"

const exitCodesHelp = `bankctl's exit codes, for scripts:

    0    success
    1    failure: network, server, keyring, bad data
    2    usage error (bad flag, argument or input), or cancelled by the user
    4    authentication needed: nothing stored, token rejected (HTTP 401),
         T-ID invalid_grant, token inactive
    5    not permitted: HTTP 403 (e.g. the token's IP list), or a scope
         required by --require-scope is missing
    130  interrupted (Ctrl-C)

Example:
    bankctl ibank client-info -o json > info.json
    case $? in
      0) ;;
      4) echo "log in again: bankctl login" >&2 ;;
      5) echo "this server's IP is not allowed for the token" >&2 ;;
      *) echo "failed" >&2 ;;
    esac`

const environmentHelp = `Environment variables bankctl reads. Precedence: flag > environment > config file > default.

    BANKCTL_PROFILE            profile to use (like -p)
    BANKCTL_CONFIG             config file (like --config)
    BANKCTL_OUTPUT             table, json or yaml (like -o)
    BANKCTL_DEBUG=1            log HTTP exchanges to stderr, secrets redacted (like --debug)
    BANKCTL_TIMEOUT            per-request timeout, e.g. 30s (like --timeout)
    BANKCTL_CA_FILE            extra PEM root CAs (like --ca-file)
    BANKCTL_IBANK_URL          iBank API base URL, e.g. https://ibank.bankname.ru/api
    BANKCTL_IBANK_TOKEN        iBank token; beats the keyring (for CI)
    BANKCTL_TID_URL            T-ID base URL (default https://id.tbank.ru)
    BANKCTL_TID_CLIENT_ID      T-ID partner client_id
    BANKCTL_TID_CLIENT_SECRET  T-ID partner client_secret; beats the keyring
    BANKCTL_TID_REDIRECT_URI   redirect URI exactly as registered with T-ID
    BANKCTL_BROWSER, BROWSER   command that opens a URL (appended, or replacing %s)
    BANKCTL_KEYRING            system (the OS keyring, default) or file (a 0600 plain file)
    BANKCTL_SECRETS_FILE       path of that plain file (default $XDG_DATA_HOME/bankctl/secrets.json)
    BANKCTL_KEYRING_TIMEOUT    deadline for each OS keyring call (default 5s)
    NO_COLOR                   no colour

Secrets never go in the config file. On a server without an OS keyring, pass them in the
BANKCTL_*_TOKEN / _SECRET variables, or opt into the plain file with BANKCTL_KEYRING=file.`

func newHelpTopics() []*cobra.Command {
	return []*cobra.Command{
		{Use: "exit-codes", Short: "Exit codes and what they mean", Long: exitCodesHelp},
		{Use: "environment", Short: "Environment variables bankctl reads", Long: environmentHelp},
	}
}
