package org.iocity.api.reports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * A report as a table: a header of column names and rows of values (numbers, text, booleans, dates, times or
 * {@code null}), written as CSV (RFC 4180, CRLF) or as one sheet of an XLSX workbook (Apache POI; numbers as numeric
 * cells, so a spreadsheet sums them; dates and times as ISO text, as in the JSON).
 */
public record ReportTable(String name, List<String> header, List<List<Object>> rows) {
    public static final String CSV = "text/csv; charset=utf-8";
    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public String csv() {
        StringBuilder b = new StringBuilder(String.join(",", header)).append("\r\n");
        for (List<Object> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) b.append(',');
                Object v = row.get(i);
                if (v != null) b.append(v instanceof String s ? field(s) : v.toString());
            }
            b.append("\r\n");
        }
        return b.toString();
    }

    /** A CSV field, quoted when it holds a comma, a quote or a line break. */
    public static String field(String s) {
        if (s == null) return "";
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** The tables as the sheets of one workbook, in order, the header bold and frozen. */
    public static byte[] xlsx(List<ReportTable> tables) {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            CellStyle bold = wb.createCellStyle();
            Font font = wb.createFont();
            font.setBold(true);
            bold.setFont(font);
            for (ReportTable t : tables) {
                Sheet sheet = wb.createSheet(t.name());
                Row head = sheet.createRow(0);
                for (int i = 0; i < t.header().size(); i++) {
                    Cell c = head.createCell(i);
                    c.setCellValue(t.header().get(i));
                    c.setCellStyle(bold);
                }
                sheet.createFreezePane(0, 1);
                int r = 1;
                for (List<Object> values : t.rows()) {
                    Row row = sheet.createRow(r++);
                    for (int i = 0; i < values.size(); i++) {
                        Object v = values.get(i);
                        if (v == null) continue;
                        Cell c = row.createCell(i);
                        if (v instanceof Number n) c.setCellValue(n.doubleValue());
                        else if (v instanceof Boolean bo) c.setCellValue(bo);
                        else c.setCellValue(v.toString());
                    }
                }
            }
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
