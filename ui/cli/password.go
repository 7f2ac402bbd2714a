package cli

import "strings"

// The phone's web interface calls the secret a password, and so does GXP
// Tray. Its first releases said "passcode" (the CTI API's parameter name):
// those names still work, so scripts written for them keep running.

// passwordEnv is $GXPTRAY_PASSWORD, else the older $GXPTRAY_PASSCODE.
func passwordEnv(getenv func(string) string) string {
	if p := getenv("GXPTRAY_PASSWORD"); p != "" {
		return p
	}
	return getenv("GXPTRAY_PASSCODE")
}

// legacyFlags renames the older --passcode-file and --passcode-stdin
// options (before the command name only, where global options go).
func legacyFlags(args []string) []string {
	out := make([]string, len(args))
	copy(out, args)
	for i, a := range out {
		if !strings.HasPrefix(a, "-") || a == "--" {
			break
		}
		for _, name := range []string{"passcode-file", "passcode-stdin"} {
			for _, dash := range []string{"-", "--"} {
				if a == dash+name || strings.HasPrefix(a, dash+name+"=") {
					out[i] = dash + "password" + strings.TrimPrefix(a, dash+"passcode")
				}
			}
		}
	}
	return out
}
