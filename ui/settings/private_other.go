//go:build !unix

package settings

// checkPrivateDir: per-user profile folders (%LOCALAPPDATA%) are private by
// their ACLs on Windows.
func checkPrivateDir(string) error { return nil }
