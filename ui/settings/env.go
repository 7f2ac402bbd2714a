package settings

import "strings"

// Environment variables that hold secrets: given to the tray process for
// one run, never passed on to the processes it starts (windows, which ask
// the tray; the browser of a screen-pop, which has no business with them).
const (
	EnvPasscode = "GXPTRAY_PASSCODE"
)

// secretEnvWords mark a GXPTRAY_ variable as secret by its name, so that a
// secret added later (GXPTRAY_CONTACTS_PASSWORD, a token) is kept from
// children without a list to update.
var secretEnvWords = []string{"PASSCODE", "PASSWORD", "PASSWD", "SECRET", "TOKEN", "CREDENTIAL"}

// IsSecretEnv reports whether the environment variable name holds a secret
// of GXP Tray's.
func IsSecretEnv(name string) bool {
	n := strings.ToUpper(name)
	if !strings.HasPrefix(n, "GXPTRAY_") {
		return false
	}
	for _, w := range secretEnvWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// WithoutSecrets is env ("NAME=value" entries) without GXP Tray's secret
// variables: the environment for any process GXP Tray starts.
func WithoutSecrets(env []string) []string {
	out := make([]string, 0, len(env))
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if !IsSecretEnv(name) {
			out = append(out, kv)
		}
	}
	return out
}
