package password

import (
	"fmt"
	"testing"

	"github.com/ccojocar/zxcvbn-go/matching"
	"github.com/ccojocar/zxcvbn-go/scoring"
)

func TestZZExperiment(t *testing.T) {
	for _, p := range []string{"xq2019", "zebra1987", "1987", "kq2023", "mango1999"} {
		raw := matching.Omnimatch(p, nil)
		res := scoring.MinimumEntropyMatchSequence(p, raw)
		fmt.Println(p, res.Score)
		for _, m := range res.MatchSequence {
			fmt.Printf("   %s %s %q %d-%d\n", m.Pattern, m.DictionaryName, m.Token, m.I, m.J)
		}
		s := StrengthOf(p)
		fmt.Printf("   %q %q\n", s.Warning, s.Suggestions)
	}
}
