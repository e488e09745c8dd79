// Package similar finds near-duplicate texts: resources that say the same thing
// with a few words changed, whatever their titles. It compares sets of word
// shingles (every run of Width consecutive words), estimated with MinHash and
// bucketed with locality-sensitive hashing so that candidates are found by an
// index lookup instead of by comparing every pair, then confirmed exactly.
//
// Precision matters more than recall: a false "a similar resource exists" on
// every page that shares a licence footer would teach people to ignore the
// warning. So the score is the Jaccard similarity of the whole shingle sets —
// shared boilerplate counts against the parts that differ — and short texts,
// which share runs of words by chance, must be identical to count.
package similar

import (
	"hash/fnv"
	"math"
	"slices"
	"strings"
	"unicode"
)

const (
	// Width is the number of words in a shingle. Five words rarely recur by chance
	// in prose, yet one edited word only changes five shingles.
	Width = 5
	// Threshold is the Jaccard similarity from which two texts are near-duplicates:
	// at 0.5 they share as much as they do not.
	Threshold = 0.5
	// MinShingles is the size below which a text is too short to judge by shape;
	// such texts count as duplicates only when their words are the same.
	MinShingles = 12

	rows  = 4  // rows per band
	Bands = 20 // bands: a pair at Jaccard 0.5 shares a band with probability 0.73, at 0.7 0.99
	perms = rows * Bands
)

// Words splits text into lower-case words of letters and digits. Markdown's
// punctuation, link brackets and emphasis fall away with everything else that
// is neither.
func Words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	})
}

// Shingles returns the sorted, distinct hashes of the text's Width-word runs. A
// text shorter than Width words has one shingle: all of it.
func Shingles(text string) []uint64 {
	words := Words(text)
	if len(words) == 0 {
		return nil
	}
	n := max(1, len(words)-Width+1)
	out := make([]uint64, 0, n)
	h := fnv.New64a()
	for i := range n {
		h.Reset()
		for _, w := range words[i:min(i+Width, len(words))] {
			h.Write([]byte(w))
			h.Write([]byte{0})
		}
		out = append(out, h.Sum64())
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Jaccard is |a ∩ b| / |a ∪ b| of two sorted sets.
func Jaccard(a, b []uint64) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	i, j, both := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			both++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(both) / float64(len(a)+len(b)-both)
}

// Score is how alike two shingle sets are, from 0 to 1, with the rule for short
// texts applied: below MinShingles, anything but the same words scores 0.
func Score(a, b []uint64) float64 {
	j := Jaccard(a, b)
	if (len(a) < MinShingles || len(b) < MinShingles) && j < 1 {
		return 0
	}
	return j
}

// Duplicate reports whether a score makes a near-duplicate.
func Duplicate(score float64) bool { return score >= Threshold }

// mix is SplitMix64's finaliser: a cheap, well-spread permutation of 64 bits.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// BandKeys returns one key per band of the shingles' MinHash signature. Two texts
// sharing any key are candidates to compare; the keys of different bands never
// collide by construction, so one index holds them all. Keys are signed because
// databases store signed 64-bit integers.
func BandKeys(shingles []uint64) []int64 {
	if len(shingles) == 0 {
		return nil
	}
	var sig [perms]uint64
	for i := range sig {
		sig[i] = math.MaxUint64
	}
	for _, s := range shingles {
		for i := range sig {
			if h := mix(s ^ mix(uint64(i)+1)); h < sig[i] {
				sig[i] = h
			}
		}
	}
	keys := make([]int64, Bands)
	for b := range Bands {
		k := mix(uint64(b) + 0x9e3779b97f4a7c15)
		for _, v := range sig[b*rows : (b+1)*rows] {
			k = mix(k ^ v)
		}
		keys[b] = int64(k)
	}
	return keys
}
