package cli

import (
	"io"

	"waybill/ui/cli/table"
)

// newTable lays out a command's table by display width (table.Writer):
// the bench prints its tables with the same writer.
func newTable(out io.Writer) *table.Writer { return table.New(out) }
