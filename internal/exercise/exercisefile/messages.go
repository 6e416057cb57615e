package exercisefile

import (
	"strings"

	"github.com/latticework/latticework/internal/exercise"
)

// messages are Latticework's own wordings, by language, of what a
// worksheet says is still missing (exercise.DefaultMessages has the
// English). A translation into a language without one writes its own
// under messages:, and may replace any of these the same way.
var messages = map[string]map[string]string{
	"zh": {
		exercise.MsgFillIn:        "请填写“{label}”。",
		exercise.MsgChooseValue:   "请为“{label}”选择一个值。",
		exercise.MsgAddItemsSoFar: "请为“{label}”至少填写 {min} 项（目前 {count} 项）。",
		exercise.MsgAddItems:      "请为“{label}”至少填写 {min} 项。",
		exercise.MsgKeepItems:     "“{label}”最多填写 {max} 项（目前 {count} 项）。",
		exercise.MsgRateJustify:   "请为“{factor}”评级并填写{justification}。",
		exercise.MsgRate:          "请为“{factor}”评级。",
		exercise.MsgJustifyFactor: "请填写“{factor}”的{justification}。",
		exercise.MsgChooseJustify: "请为“{label}”选择一个答案并填写{justification}。",
		exercise.MsgChoose:        "请为“{label}”选择一个答案。",
		exercise.MsgJustifyChoice: "请填写“{label}”的{justification}。",
		exercise.MsgItemTodo:      "“{label}”的第 {n} 项：请{todo}。",
		exercise.MsgTodoName:      "写下名称",
		exercise.MsgTodoChoose:    "选择一个选项",
		exercise.MsgTodoJustify:   "填写{justification}",
		exercise.MsgListSep:       "、",
		exercise.MsgListLast:      "并",
		exercise.MsgGridCell:      "请填写“{label}”中的“{row} / {column}”。",
		exercise.MsgJustification: "理由",
		exercise.MsgItem:          "项",
	},
}

// builtinMessages returns the wording for locale: its own, or its
// language's ("zh" for "zh-CN"), except that Chinese written in
// traditional characters has none yet.
func builtinMessages(locale string) map[string]string {
	if m, ok := messages[locale]; ok {
		return m
	}
	lang, rest, _ := strings.Cut(locale, "-")
	rest = strings.ToLower(rest)
	if lang == "zh" && (strings.HasPrefix(rest, "hant") || rest == "tw" || rest == "hk" || rest == "mo") {
		return nil
	}
	return messages[lang]
}
