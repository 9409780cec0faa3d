package number

import "testing"

// benchCorpus mixes what users paste: mostly valid numbers of every format, some with a
// mistyped digit (these pay for the suggestion search), AliExpress order numbers, numbers
// with spaces or lower case (these pay for Normalize), and garbage.
var benchCorpus = []string{
	// valid
	"RB123456785GB", "LX123456785CN", "UN123456785CN", "EA123456785CN", "CP123456785DE",
	"1Z5R89390357567127", "1ZXX3150YW44070023", "986578788855", "041441760228964",
	"9400111206206406260787", "9261292700768711948021", "420787459400111206206406260787",
	"92748931507708513018050063", "03071790000523483741", "9611020987654312345672",
	"3318810025", "73891051146", "LP00123456789012", "YT2229521272164446", "GM2951173225174494",
	"4PX3001234567890CN", "SF1234567890123", "JJD0099999999", "UG123456785YP",
	"1001921334250001000300779017972697",
	// as typed
	"rb 123 456 785 gb", " 1Z 5R8 939 0357 5671 27 ", "9400 1112 0108 0805 4830 16", "lp00123456789012",
	// mistyped check digit or digit
	"RB123456786GB", "1Z5R89390357567128", "9400111206206406260788", "3318810026", "986578788856",
	// AliExpress order numbers
	"8123456789012345", "3012345678901234567", "81234567890123",
	// garbage
	"", "hello", "order #12345", "ZZZZ1234ZZZZ", "RB12345678GB", "https://t.17track.net/en#nums=RB123456785GB",
}

func BenchmarkDetect(b *testing.B) {
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		_ = Detect(benchCorpus[i])
		i++
		if i == len(benchCorpus) {
			i = 0
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "detections/s")
}

// BenchmarkDetectValid measures the common case alone: a valid, already clean number.
func BenchmarkDetectValid(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = Detect("RB123456785GB")
	}
}

// BenchmarkDetectMistyped measures the slowest common case: a bad check digit, with the
// search for every one-edit correction.
func BenchmarkDetectMistyped(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = Detect("1Z5R89390357567128")
	}
}

func BenchmarkNormalize(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = Normalize(" rb 123-456-785 gb ")
	}
}
