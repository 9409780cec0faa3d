package i18n

// zhrest2Messages are what issue 26 left in English after catalog_zhrest:
// an order file's problems with the file itself (orderfile.FileError),
// keyed by their English format; the file's own bytes, its header's
// cells, the field names and a reader's nested error stay as they are.
func zhrest2Messages() []msg {
	return []msg{
		// orderfile.FileError: the whole file.
		e("the file is empty: want a header row and one row per parcel", "文件为空：应有一行表头，每个包裹一行"),
		e("not readable as CSV: %v", "无法按 CSV 读取：%v"),
		e("refused as CSV: line %d: more than %d rows, the limit: split the file", "CSV 被拒绝：第 %d 行：超过 %d 行的上限，请拆分文件"),
		e("line %d is longer than %d MB: not an order file", "第 %d 行超过 %d MB：不是订单文件"),
		e("refused as XLSX: %v", "XLSX 被拒绝：%v"),
		e("not readable as XLSX: %v", "无法按 XLSX 读取：%v"),
		e("encoding %q: want one of %s", "编码 %q：应为 %s 之一"),
		e("the file does not decode: %v", "文件无法解码：%v"),
		// A byte the encoding refuses: line, byte of the line, the byte,
		// the text around it as the file has it, and why.
		e("line %d, byte %d: 0x%02X in %q %s", "第 %d 行第 %d 字节：0x%02X（在 %q 中）%s"),
		e("is not UTF-8, which --encoding utf-8 says the file is", "不是 UTF-8，但 --encoding utf-8 指定文件为 UTF-8"),
		e("starts no GB18030 character, which --encoding gb18030 says the file is", "不是 GB18030 字符的开头，但 --encoding gb18030 指定文件为 GB18030"),
		e("is not UTF-8, and the file is not GB18030 Chinese text either: save it as UTF-8, or import it with waybill import --encoding latin1 (or windows-1252, gb18030)",
			"不是 UTF-8，文件也不是 GB18030 中文文本：请另存为 UTF-8，或用 waybill import --encoding latin1（或 windows-1252、gb18030）导入"),
		// The header: the field names and the header's cells are values.
		e("import.columns: %q is not a field (want one of %s)", "import.columns：%q 不是字段（应为 %s 之一）"),
		e("import.columns: %s = %q, but the file has no such column (it has %s)", "import.columns：%s = %q，但文件中没有此列（现有列：%s）"),
		e("no order number column: name one %s, or map it with [import.columns] order_no = \"…\" (the header is %s)",
			"没有订单号列：请将一列命名为 %s，或用 [import.columns] order_no = \"…\" 指定（表头为 %s）"),
	}
}
