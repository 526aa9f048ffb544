// Command floor is the start-up floor for bankctl's benchmarks: a bare cobra root with one
// viper instance and a version subcommand, nothing else. `make bench` compares
// `bankctl version` with it.
package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"
)

func main() {
	v := viper.New()
	root := &cobra.Command{Use: "floor", SilenceUsage: true}
	root.PersistentFlags().String("profile", "", "profile")
	v.BindPFlag("profile", root.PersistentFlags().Lookup("profile"))
	root.AddCommand(&cobra.Command{Use: "version", RunE: func(*cobra.Command, []string) error {
		_, err := fmt.Println("floor version dev")
		return err
	}})
	if err := root.Execute(); err != nil {
		os.Exit(1)
	}
}
