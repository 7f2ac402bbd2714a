package settings

import (
	"encoding/json"
	"fmt"
	"math"
	"time"
)

// Duration is a time.Duration written in JSON as text ("1s", "500ms"). When
// reading, a plain JSON number is taken as seconds, for hand-edited files.
type Duration time.Duration

// Duration returns d as a time.Duration.
func (d Duration) Duration() time.Duration { return time.Duration(d) }

func (d Duration) String() string { return time.Duration(d).String() }

// MarshalJSON writes d as "1s".
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads "1s", "250ms" or a number of seconds.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	switch v := v.(type) {
	case string:
		p, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("not a duration: %q", v)
		}
		*d = Duration(p)
	case float64:
		if math.IsNaN(v) || math.Abs(v) > float64(math.MaxInt64)/float64(time.Second) {
			return fmt.Errorf("duration out of range: %v", v)
		}
		*d = Duration(v * float64(time.Second))
	default:
		return fmt.Errorf("want a duration such as \"1s\", got %s", b)
	}
	return nil
}
