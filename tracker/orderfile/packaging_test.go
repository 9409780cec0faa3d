package orderfile

import (
	"strings"
	"testing"
)

// Every alias of the packaging column, English and Chinese, finds it.
func TestPackagingAliases(t *testing.T) {
	for _, h := range append([]string{"packaging"}, Aliases[Packaging]...) {
		t.Run(h, func(t *testing.T) {
			cols, _, err := MapHeader([]string{"order no", h}, nil)
			if err != nil || cols[Packaging] != 1 {
				t.Errorf("MapHeader with %q = %v, %v; want packaging in column 1", h, cols, err)
			}
		})
	}
}

func TestPackagingValues(t *testing.T) {
	long := strings.Repeat("bubble wrap ", 30) // 360 characters
	tests := []struct {
		name, csv string
		want      string // the order's packaging
		problem   string // the one problem; "" for none
	}{
		{"english header", "Order No,Packaging Notes\nA-1,\"double box, bubble wrap, fragile sticker\"\n",
			"double box, bubble wrap, fragile sticker", ""},
		{"chinese header and text", "订单号,包装\nA-1,双层纸箱，气泡膜，易碎标签\n", "双层纸箱，气泡膜，易碎标签", ""},
		// Two rows of one order fill each other's gaps, as hs_code does.
		{"a later row without it keeps it", "order no,tracking no,包装说明\nA-1,RB123456785GB,double box\nA-1,EA123456785CN,\n",
			"double box", ""},
		{"an empty cell is none", "order no,packaging\nA-1,\n", "", ""},
		{"too long, refused naming the column and the value", "order no,packaging notes\nA-1," + long + "\n", "",
			`line 2: column "packaging notes": value "bubble wrap bubble wrap bubble wrap bubb…": longer than 300 characters`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ParseCSV([]byte(tt.csv), opt)
			if err != nil {
				t.Fatal(err)
			}
			var problems []string
			for _, p := range res.Problems {
				problems = append(problems, p.String())
			}
			if tt.problem == "" {
				if len(problems) > 0 || len(res.Orders) != 1 {
					t.Fatalf("orders %d, problems %q", len(res.Orders), problems)
				}
				if got := res.Orders[0].Packaging; got != tt.want {
					t.Errorf("packaging = %q, want %q", got, tt.want)
				}
				return
			}
			if len(problems) != 1 || !strings.HasPrefix(problems[0], tt.problem) {
				t.Errorf("problems %q, want one starting %q", problems, tt.problem)
			}
			for _, o := range res.Orders {
				if o.Packaging != "" {
					t.Errorf("a refused value was kept: %q", o.Packaging)
				}
			}
		})
	}
}
