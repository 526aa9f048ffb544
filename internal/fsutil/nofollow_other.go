//go:build !unix

package fsutil

import "io/fs"

// Windows has no O_NOFOLLOW; its folders' access lists are the OS's to keep.
const noFollow = 0

func isLoop(error) bool { return false }

func ownedByMe(fs.FileInfo) bool { return true }
