package cmd

import "github.com/spf13/cobra"

// NewCmdTID builds the `bankctl tid` group.
func NewCmdTID(f *Factory) *cobra.Command {
	c := &cobra.Command{
		Use:   "tid <command>",
		Short: "Sign in with T-ID and manage its tokens",
		RunE:  groupRun,
	}
	return c
}
