package tbank

import (
	"bufio"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bankctl/bankctl/internal/sandbox/demo"
	"github.com/bankctl/bankctl/internal/sandbox/wire"
)

// stmtQuery is one statement query; every page of it shares the key its cursors carry.
type stmtQuery struct {
	account, status string
	from, to        time.Time
	categories      []string
	key             string
	hostile         bool
	generated       int               // operations made up from their index
	extra           []*demo.Operation // then these
}

func (s *Bank) tbStatement(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	bad := func(field, msg string) {
		tbError(w, r, http.StatusBadRequest, "VALIDATION_ERROR", "Ошибка валидации", map[string]string{field: msg})
	}
	sq := stmtQuery{account: q.Get("accountNumber"), status: q.Get("operationStatus"), categories: q["categories"]}
	var err error
	if len(sq.account) != 20 || strings.Trim(sq.account, "0123456789") != "" {
		bad("accountNumber", "должен состоять из 20 цифр")
		return
	}
	if sq.from, err = time.Parse(time.RFC3339, q.Get("from")); err != nil {
		bad("from", "ожидается дата и время в формате RFC 3339")
		return
	}
	sq.to = time.Now()
	if v := q.Get("to"); v != "" {
		if sq.to, err = time.Parse(time.RFC3339, v); err != nil {
			bad("to", "ожидается дата и время в формате RFC 3339")
			return
		}
	}
	if sq.status == "" {
		sq.status = "All"
	}
	if !slices.Contains([]string{"All", "Transaction", "Authorization"}, sq.status) {
		bad("operationStatus", "допустимые значения: All, Authorization, Transaction")
		return
	}
	limit := 1000
	if v := q.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 {
			bad("limit", "должен быть положительным числом")
			return
		}
	}
	s.mu.Lock()
	n, maxLimit, repeat, endless, junk := s.operations, s.pageLimit, s.repeatCursor, s.endless, s.cursorJunk
	sq.hostile = s.hostile
	var extra []*demo.Operation // drafts the control API executed, after the generated operations
	for _, op := range s.executed {
		if op.Account == sq.account && !op.At.Before(sq.from) && op.At.Before(sq.to) {
			extra = append(extra, op)
		}
	}
	s.mu.Unlock()
	limit = min(limit, maxLimit)
	switch sq.account {
	case demo.MainAccount:
	case demo.TaxAccount:
		n = max(n/7, 2) // a few transfers into the tax reserve
	default:
		n = 0 // the currency account had no operations in any period
	}
	sq.generated, sq.extra = n, extra
	n += len(extra)
	sum := sha256.Sum256([]byte(fmt.Sprint(sq.account, sq.from.Unix(), sq.to.Unix(), sq.status, sq.categories, n)))
	sq.key = hex.EncodeToString(sum[:6])
	start := 0
	cursor := q.Get("cursor")
	if cursor != "" {
		if start, err = parseCursor(strings.TrimSuffix(cursor, junk), sq.key); err != nil {
			tbError(w, r, http.StatusBadRequest, "INVALID_DATA", "Некорректный курсор", nil)
			return
		}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if endless && start > 0 || endless && n == 0 {
		// A bank whose paging never ends: an empty page, and a cursor never seen before.
		fmt.Fprintf(w, `{"operations":[],"nextCursor":%s}`, wire.AppendString(nil, makeCursor(start+1, sq.key)+junk))
		return
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	defer bw.Flush()
	bw.WriteString("{")
	if cursor == "" && q.Get("withBalances") == "true" {
		bw.WriteString(`"balances":`)
		bw.Write(s.balances(sq, n))
		bw.WriteString(",")
	}
	bw.WriteString(`"operations":[`)
	var buf []byte
	written, i := 0, start
	for ; i < n && written < limit; i++ {
		op := sq.op(i)
		if !sq.wants(op) {
			continue
		}
		if written > 0 {
			bw.WriteByte(',')
		}
		buf = op.AppendJSON(buf[:0])
		bw.Write(buf)
		written++
	}
	bw.WriteString("]")
	for ; i < n && !sq.wants(sq.op(i)); i++ {
	}
	switch {
	case i < n && repeat && cursor != "":
		// As T-Bank's own sandbox does: the same cursor, forever.
		fmt.Fprintf(bw, `,"nextCursor":%s`, wire.AppendString(nil, cursor))
	case i < n || endless:
		fmt.Fprintf(bw, `,"nextCursor":%s`, wire.AppendString(nil, makeCursor(i, sq.key)+junk))
	}
	bw.WriteString("}")
}

// op is the query's operation i: a generated one, then the executed drafts.
func (sq *stmtQuery) op(i int) *demo.Operation {
	if i < sq.generated && sq.account == demo.TaxAccount {
		return demo.TaxOp(i, sq.generated, sq.from, sq.to)
	}
	if i < sq.generated {
		return demo.Op(i, sq.generated, sq.from, sq.to, sq.hostile)
	}
	return sq.extra[i-sq.generated]
}

func (sq *stmtQuery) wants(op *demo.Operation) bool {
	if sq.status != "All" && op.Status != sq.status {
		return false
	}
	return len(sq.categories) == 0 || slices.Contains(sq.categories, op.Category)
}

func makeCursor(offset int, key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf("v1:%d:%s", offset, key)))
}

func parseCursor(c, key string) (int, error) {
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, err
	}
	parts := strings.Split(string(raw), ":")
	if len(parts) != 3 || parts[0] != "v1" || parts[2] != key {
		return 0, fmt.Errorf("cursor of another query")
	}
	return strconv.Atoi(parts[1])
}

// balances are the period's: the opening balance, and the closing one that the transactions
// (not the authorizations) make of it, in kopecks so nothing is rounded.
func (s *Bank) balances(sq stmtQuery, n int) []byte {
	const begin = demo.OpeningBalance
	credit, debit := int64(0), int64(0)
	for i := 0; i < n; i++ {
		op := sq.op(i)
		if op.Status != "Transaction" {
			continue
		}
		if op.Credit {
			credit += op.Kopecks
		} else {
			debit += op.Kopecks
		}
	}
	return []byte(fmt.Sprintf(`{"balanceBegin":%s,"balanceEnd":%s,"credit":%s,"debit":%s}`,
		wire.Kop(begin), wire.Kop(begin+credit-debit), wire.Kop(credit), wire.Kop(debit)))
}
