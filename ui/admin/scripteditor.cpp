#include "scripteditor.h"

#include "manageutil.h"
#include "sourceeditor.h"

#include <cosmosclient.h>
#include <validation.h>

#include <QAction>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Cosmos;

namespace Manage {

QString scriptTemplate(ResourceKind kind)
{
    switch (kind) {
    case ResourceKind::StoredProcedure:
        return QStringLiteral(
            "function sample(prefix) {\n"
            "    var context = getContext();\n"
            "    var response = context.getResponse();\n"
            "    console.log('called with ' + prefix);\n"
            "    response.setBody({ greeting: (prefix || 'Hello') + ', world' });\n"
            "}\n");
    case ResourceKind::Trigger:
        return QStringLiteral("function trigger() {\n"
                              "    var request = getContext().getRequest();\n"
                              "    var item = request.getBody();\n"
                              "    // Change the item before it is written:\n"
                              "    // item.modified = new Date().toISOString();\n"
                              "    request.setBody(item);\n"
                              "}\n");
    default:
        return QStringLiteral("function udf(value) {\n    return value;\n}\n");
    }
}

ScriptEditor::ScriptEditor(CosmosClient *client, const ResourcePath &script, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_path(script)
    , m_id(new QLineEdit(this))
    , m_editor(new SourceEditor(SourceEditor::Language::JavaScript, this))
    , m_message(new MessageLine(this))
    , m_status(new QLabel(this))
    , m_save(new QPushButton(tr("&Save"), this))
    , m_rename(new QPushButton(tr("&Rename…"), this))
    , m_delete(new QPushButton(tr("&Delete"), this))
{
    m_id->setObjectName(QStringLiteral("scriptId"));
    m_id->setPlaceholderText(tr("id of the %1").arg(displayName(kind())));
    m_id->setToolTip(tr("Change the id and save to rename the script."));
    m_editor->setObjectName(QStringLiteral("scriptBody"));
    m_save->setObjectName(QStringLiteral("saveScript"));
    m_delete->setObjectName(QStringLiteral("deleteScript"));

    auto form = new QFormLayout;
    form->addRow(tr("Id:"), m_id);
    if (kind() == ResourceKind::Trigger) {
        m_triggerType = new QComboBox(this);
        m_triggerType->setObjectName(QStringLiteral("triggerType"));
        m_triggerType->addItem(tr("Pre-trigger (before the write)"), QStringLiteral("Pre"));
        m_triggerType->addItem(tr("Post-trigger (after the write)"), QStringLiteral("Post"));
        m_triggerOperation = new QComboBox(this);
        m_triggerOperation->setObjectName(QStringLiteral("triggerOperation"));
        for (const char *op : {"All", "Create", "Replace", "Delete", "Update"})
            m_triggerOperation->addItem(QString::fromLatin1(op), QString::fromLatin1(op));
        form->addRow(tr("Type:"), m_triggerType);
        form->addRow(tr("Operation:"), m_triggerOperation);
    }

    auto buttons = new QHBoxLayout;
    buttons->addWidget(m_save);
    buttons->addWidget(m_rename);
    buttons->addWidget(m_delete);
    if (kind() == ResourceKind::StoredProcedure) {
        m_execute = new QPushButton(tr("E&xecute…"), this);
        m_execute->setObjectName(QStringLiteral("executeScript"));
        buttons->addWidget(m_execute);
        connect(m_execute, &QPushButton::clicked, this, [this] { Q_EMIT executeRequested(m_path); });
    }
    buttons->addStretch();
    // The status names the script in full; it wraps rather than widening the tab.
    m_status->setWordWrap(true);
    m_status->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    buttons->addWidget(m_status, 1);

    auto layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_message);
    layout->addLayout(buttons);

    connect(m_save, &QPushButton::clicked, this, &ScriptEditor::save);
    auto saveShortcut = new QAction(this); // Ctrl+S anywhere in the script's tab
    saveShortcut->setObjectName(QStringLiteral("saveScriptShortcut"));
    saveShortcut->setShortcut(QKeySequence::Save);
    saveShortcut->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(saveShortcut, &QAction::triggered, this, &ScriptEditor::save);
    addAction(saveShortcut);
    m_save->setToolTip(tr("Save the script (Ctrl+S)"));
    connect(m_rename, &QPushButton::clicked, this, &ScriptEditor::rename);
    connect(m_delete, &QPushButton::clicked, this, &ScriptEditor::deleteScript);
    connect(m_editor, &QsciScintilla::modificationChanged, this,
            [this] { Q_EMIT titleChanged(title()); });

    if (isNew()) {
        m_editor->setText(scriptTemplate(kind()));
        m_editor->setModified(false);
        updateButtons();
    } else {
        m_id->setText(m_path.id());
        reload();
    }
}

QString ScriptEditor::title() const
{
    const QString name = isNew() ? tr("New %1").arg(displayName(kind())) : m_path.id();
    return (m_editor->isModified() ? QStringLiteral("*") : QString()) + name;
}

void ScriptEditor::reload()
{
    if (isNew() || !m_client)
        return;
    setBusy(true, tr("Loading %1…").arg(describe(m_path)));
    m_client->read(m_path, {}, this, [this](const CosmosResponse &r) {
        setBusy(false);
        if (!r.ok())
            return m_message->showError(r.error, tr("Could not load %1").arg(describe(m_path)));
        showLoaded(r.object());
    });
}

void ScriptEditor::showLoaded(const QJsonObject &script)
{
    m_loaded = script;
    m_id->setText(script.value(QStringLiteral("id")).toString());
    m_editor->setText(script.value(QStringLiteral("body")).toString());
    m_editor->setModified(false);
    if (m_triggerType) {
        m_triggerType->setCurrentIndex(
            m_triggerType->findData(script.value(QStringLiteral("triggerType")).toString()));
        m_triggerOperation->setCurrentIndex(
            m_triggerOperation->findData(script.value(QStringLiteral("triggerOperation")).toString()));
    }
    Q_EMIT titleChanged(title());
}

QJsonObject ScriptEditor::body(const QString &id) const
{
    QJsonObject o{{QStringLiteral("id"), id}, {QStringLiteral("body"), m_editor->text()}};
    if (m_triggerType) {
        o.insert(QStringLiteral("triggerType"), m_triggerType->currentData().toString());
        o.insert(QStringLiteral("triggerOperation"), m_triggerOperation->currentData().toString());
    }
    return o;
}

void ScriptEditor::save()
{
    if (m_busy || !m_client)
        return;
    const QString id = m_id->text().trimmed();
    if (CosmosError e = validateId(id, displayName(kind()) + tr(" id")); e.isError()) {
        m_message->showError(e);
        m_id->setFocus();
        return;
    }
    if (!isNew() && id != m_path.id())
        return renameTo(id);

    const QString what = describe(isNew() ? m_path.parent().child(kind(), id) : m_path);
    setBusy(true, tr("Saving %1…").arg(what));
    const auto done = [this, id, what](const CosmosResponse &r) {
        setBusy(false);
        if (!r.ok())
            return m_message->showError(r.error, tr("Could not save %1").arg(what));
        m_path = m_path.isFeed() ? m_path.parent().child(kind(), id) : m_path;
        showLoaded(r.object());
        m_message->showInfo(tr("Saved %1 (%2).").arg(what, chargeText(r.requestCharge)));
        updateButtons();
        Q_EMIT saved(m_path);
    };
    if (isNew())
        m_client->create(m_path, body(id), {}, this, done);
    else
        m_client->replace(m_path, body(id), {}, this, done);
}

void ScriptEditor::rename()
{
    if (isNew())
        return;
    bool ok = false;
    const QString id = QInputDialog::getText(this, tr("Rename %1").arg(displayName(kind())),
                                             tr("New id:"), QLineEdit::Normal, m_path.id(), &ok);
    if (ok && !id.trimmed().isEmpty() && id.trimmed() != m_path.id()) {
        m_id->setText(id.trimmed());
        renameTo(id.trimmed());
    }
}

void ScriptEditor::renameTo(const QString &newId)
{
    if (m_busy || isNew() || !m_client)
        return;
    if (CosmosError e = validateId(newId, displayName(kind()) + tr(" id")); e.isError())
        return m_message->showError(e);
    const ResourcePath from = m_path;
    const ResourcePath to = m_path.parent().child(kind(), newId);
    if (!confirm(this, tr("Rename %1").arg(displayName(kind())),
                 tr("Rename \"%1\" to \"%2\"?\n\nThis creates \"%2\" with the current text and "
                    "then deletes \"%1\".")
                     .arg(from.id(), newId)))
        return;
    setBusy(true, tr("Creating %1…").arg(describe(to)));
    m_client->create(from.parent().feed(kind()), body(newId), {}, this,
                     [this, from, to](const CosmosResponse &created) {
        if (!created.ok()) {
            setBusy(false);
            return m_message->showError(created.error, tr("Could not create %1").arg(describe(to)));
        }
        const double charge = created.requestCharge;
        const QJsonObject newScript = created.object();
        m_path = to;
        showLoaded(newScript);
        setBusy(true, tr("Deleting %1…").arg(describe(from)));
        m_client->remove(from, {}, this, [this, from, to, charge, newScript](const CosmosResponse &r) {
            setBusy(false);
            if (!r.ok()) {
                m_message->showError(r.error, tr("Created %1, but could not delete the old %2")
                                                  .arg(describe(to), describe(from)));
            } else {
                m_message->showInfo(tr("Renamed to \"%1\" (%2).")
                                        .arg(to.id(), chargeText(charge + r.requestCharge)));
            }
            Q_EMIT renamed(from, to);
        });
    });
}

void ScriptEditor::deleteScript()
{
    if (m_busy || isNew() || !m_client)
        return;
    if (!confirm(this, tr("Delete %1").arg(displayName(kind())),
                 tr("Delete %1? This cannot be undone.").arg(describe(m_path))))
        return;
    setBusy(true, tr("Deleting %1…").arg(describe(m_path)));
    m_client->remove(m_path, {}, this, [this](const CosmosResponse &r) {
        setBusy(false);
        if (!r.ok())
            return m_message->showError(r.error, tr("Could not delete %1").arg(describe(m_path)));
        const ResourcePath old = m_path;
        m_path = m_path.parent().feed(kind()); // the text stays: saving creates it again
        m_editor->setModified(true);
        m_message->showInfo(tr("Deleted %1 (%2). Save to create it again.")
                                .arg(describe(old), chargeText(r.requestCharge)));
        updateButtons();
        Q_EMIT deleted(old);
        Q_EMIT titleChanged(title());
    });
}

void ScriptEditor::setBusy(bool busy, const QString &text)
{
    m_busy = busy;
    if (busy)
        m_message->showBusy(text);
    else if (m_message->level() == MessageLine::Level::Busy)
        m_message->clear();
    updateButtons();
}

void ScriptEditor::updateButtons()
{
    m_save->setEnabled(!m_busy);
    m_rename->setEnabled(!m_busy && !isNew());
    m_delete->setEnabled(!m_busy && !isNew());
    if (m_execute)
        m_execute->setEnabled(!m_busy && !isNew());
    m_status->setText(isNew() ? tr("not saved yet") : describe(m_path));
}

} // namespace Manage
