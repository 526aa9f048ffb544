// Command bankctl works with the iBank для Бизнеса and T-ID APIs from a terminal and scripts.
package main

import (
	"os"

	"github.com/bankctl/bankctl/cmd"
)

func main() {
	os.Exit(cmd.Main())
}
