package sandbox

import "github.com/bankctl/bankctl/internal/sandbox/demo"

// The T-Business company the sandbox serves, and the self-service token it prints (but does not
// export, so "try it" goes through T-ID): see package demo.
const (
	TBusinessToken = demo.TBusinessToken
	CompanyINN     = demo.CompanyINN
	CompanyKPP     = demo.CompanyKPP
	BankBIC        = demo.BankBIC
)

// Accounts of the demo company; the check digits are right for BankBIC.
var (
	MainAccount = demo.MainAccount
	USDAccount  = demo.USDAccount
	TaxAccount  = demo.TaxAccount
)
