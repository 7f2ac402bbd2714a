//go:build !unix

package cti

// oNonblock: no FIFOs to fear here; the type check after opening remains.
const oNonblock = 0
