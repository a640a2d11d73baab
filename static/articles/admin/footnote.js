// The rich-text editor's footnote button: attach the selected passage to one of the piece's
// citations, chosen by number and quote, with the citation's own anchor (#citation-<id>), so
// nobody types anchors by hand. Readers get the footnote number where the passage is.
import { Extension } from "django-prose-editor/editor"

function pieceCitations() {
  const data = document.getElementById("newsroom-citations")
  return data ? JSON.parse(data.textContent) : []
}

function chooseCitation(citations) {
  return new Promise((resolve) => {
    const dialog = document.createElement("dialog")
    dialog.className = "footnote-dialog"
    const title = document.createElement("h2")
    title.textContent = "Attach a footnote"
    const label = document.createElement("label")
    label.textContent = "Source for the selected passage"
    label.htmlFor = "footnote-citation"
    const select = document.createElement("select")
    select.id = "footnote-citation"
    for (const citation of citations) {
      const option = document.createElement("option")
      option.value = citation.id
      option.textContent = citation.label
      select.append(option)
    }
    const attach = document.createElement("button")
    attach.type = "button"
    attach.textContent = "Attach"
    const cancel = document.createElement("button")
    cancel.type = "button"
    cancel.textContent = "Cancel"
    const finish = (value) => {
      dialog.close()
      dialog.remove()
      resolve(value)
    }
    attach.addEventListener("click", () => finish(select.value))
    cancel.addEventListener("click", () => finish(null))
    dialog.addEventListener("cancel", () => finish(null))
    dialog.append(title, label, select, attach, cancel)
    document.body.append(dialog)
    dialog.showModal()
    select.focus()
  })
}

export const Footnote = Extension.create({
  name: "Footnote",

  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "footnote",
      groups: "link",
      command: (editor) => {
        const citations = pieceCitations()
        const { from, to } = editor.state.selection
        chooseCitation(citations).then((id) => {
          if (!id) return
          editor
            .chain()
            .focus()
            .setTextSelection({ from, to })
            .setLink({ href: `#citation-${id}` })
            .run()
        })
      },
      button: buttons.text("[1]", "Footnote: attach the selection to a source"),
      enabled: (editor) => !editor.state.selection.empty && pieceCitations().length > 0,
    })
  },
})
