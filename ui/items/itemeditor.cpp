#include "itemeditor.h"
#include "icons.h"

#include "accountsession.h"
#include "codeeditor.h"
#include "conflictdialog.h"
#include "jsonformat.h"
#include "messagebar.h"
#include "waitindicator.h"

#include <cosmosclient.h>
#include <jsontext.h>
#include <manageutil.h>
#include <triggerchooser.h>
#include <validation.h>

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QMessageBox>
#include <QSplitter>
#include <QStyle>
#include <QTableWidget>
#include <QMenu>
#include <QTimer>
#include <QToolButton>
#include <QToolBar>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace Cosmoscope {

using namespace Cosmos;

ItemEditor::ItemEditor(AccountSession *session,
                       const ResourcePath &container,
                       MessageBar *bar,
                       QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_container(container)
    , m_bar(bar)
    , m_editor(new JsonEditor(this))
    , m_systemPanel(new QTableWidget(0, 2, this))
    , m_header(new QLabel(this))
    , m_wait(new WaitIndicator(this))
    , m_triggers(new Manage::TriggerChooser(session->client(), container, this))
    , m_validateTimer(new QTimer(this))
{
    setMinimumWidth(300); // its toolbar fits; the header is cut, not the grid
    // The header names the item: a long id is cut (full text in the tooltip), it never
    // widens the editor.
    m_header->setObjectName(QStringLiteral("itemHeader"));
    m_header->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_header->setMinimumWidth(0);
    m_validateTimer->setSingleShot(true);
    m_validateTimer->setInterval(350);
    connect(m_validateTimer, &QTimer::timeout, this, &ItemEditor::validate);
    m_editor->setObjectName(QStringLiteral("itemText"));
    m_systemPanel->setObjectName(QStringLiteral("systemProperties"));
    m_systemPanel->setHorizontalHeaderLabels({tr("System property"), tr("Value (read-only)")});
    m_systemPanel->horizontalHeader()->setStretchLastSection(true);
    m_systemPanel->verticalHeader()->hide();
    m_systemPanel->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_systemPanel->setSelectionBehavior(QAbstractItemView::SelectRows);

    auto toolbar = new QToolBar(this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    QAction *newAction = toolbar->addAction(Icons::fromResource(QStringLiteral("new-item")), tr("New"));
    m_saveAction
        = toolbar->addAction(Icons::fromResource(QStringLiteral("save")), tr("Save"));
    m_saveAction->setShortcut(QKeySequence::Save);
    m_saveAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_saveAction->setToolTip(tr("Save the item (Ctrl+S)"));
    addAction(m_saveAction); // Ctrl+S while typing in the editor, not only on the toolbar
    m_discardAction
        = toolbar->addAction(Icons::fromResource(QStringLiteral("discard")), tr("Discard"));
    // Less used: Delete and Upsert are in the "More" menu, so the toolbar fits a narrow pane.
    auto more = new QToolButton(this);
    more->setObjectName(QStringLiteral("itemMoreButton"));
    more->setText(tr("More"));
    more->setPopupMode(QToolButton::InstantPopup);
    auto moreMenu = new QMenu(more);
    more->setMenu(moreMenu);
    toolbar->addWidget(more);
    m_deleteAction
        = moreMenu->addAction(Icons::fromResource(QStringLiteral("delete")), tr("Delete…"));
    QAction *upsertAction
        = moreMenu->addAction(Icons::fromResource(QStringLiteral("upsert")), tr("Upsert"));
    upsertAction->setObjectName(QStringLiteral("upsertItem"));
    upsertAction->setToolTip(
        tr("Create the item, or replace it whatever version is stored (no If-Match)"));
    connect(upsertAction, &QAction::triggered, this, &ItemEditor::upsert);
    m_triggers->setObjectName(QStringLiteral("itemTriggers"));
    newAction->setObjectName(QStringLiteral("newItem"));
    m_saveAction->setObjectName(QStringLiteral("saveItem"));
    m_discardAction->setObjectName(QStringLiteral("discardItem"));
    m_deleteAction->setObjectName(QStringLiteral("deleteItem"));

    // The JSON problem in full under the text: the editor's inline note is cut at its right
    // edge in a narrow pane (900 px window).
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("jsonProblem"));
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    Manage::setErrorTextColor(m_problem);
    m_problem->hide();
    auto editorPane = new QWidget(this);
    auto editorColumn = new QVBoxLayout(editorPane);
    editorColumn->setContentsMargins(0, 0, 0, 0);
    editorColumn->setSpacing(2);
    editorColumn->addWidget(m_editor, 1);
    editorColumn->addWidget(m_problem);
    auto splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(editorPane);
    splitter->addWidget(m_systemPanel);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);

    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(toolbar);
    // The item's name on a line of its own (a narrow pane cut it behind the trigger boxes),
    // the triggers run by Save and Delete under it.
    layout->addWidget(m_header);
    auto triggerRow = new QHBoxLayout;
    triggerRow->addStretch(1);
    triggerRow->addWidget(m_triggers);
    layout->addLayout(triggerRow);
    layout->addWidget(m_wait);
    layout->addWidget(splitter, 1);
    connect(m_wait, &WaitIndicator::cancelled, this, [this](const QString &what) {
        setBusy(false);
        m_bar->showMessage(MessageBar::Type::Warning,
                           tr("%1: cancelled. It may or may not have been applied on the server; "
                              "reload the item to see.")
                               .arg(what));
    });

    connect(newAction, &QAction::triggered, this, &ItemEditor::newItem);
    connect(m_saveAction, &QAction::triggered, this, &ItemEditor::save);
    connect(m_discardAction, &QAction::triggered, this, &ItemEditor::discard);
    connect(m_deleteAction, &QAction::triggered, this, &ItemEditor::deleteItem);
    connect(m_editor, &QsciScintilla::modificationChanged, this, &ItemEditor::updateHeader);
    connect(m_editor, &QsciScintilla::textChanged, this, [this] {
        if (!m_editor->isModified())
            return;             // loaded text, not typed
        ++m_validateGeneration; // a running check is stale now
        m_validating = true;
        m_validateTimer->start();
    });
    newItem();
}

ResourcePath ItemEditor::itemPath(const QString &id) const
{
    return m_container.child(ResourceKind::Item, id);
}

bool ItemEditor::isModified() const
{
    return m_editor->isModified();
}

QObject *ItemEditor::setBusy(bool busy, const QString &what)
{
    QObject *context = nullptr;
    if (busy)
        context = m_wait->begin(what);
    else
        m_wait->end();
    m_busy = busy;
    m_saveAction->setEnabled(!busy);
    m_deleteAction->setEnabled(!busy && !m_isNew);
    Q_EMIT busyChanged(busy);
    return context;
}

void ItemEditor::validate()
{
    const QByteArray text = m_editor->text().toUtf8();
    const quint64 generation = ++m_validateGeneration;
    if (text.size() < 64 * 1024) {
        showProblem(JsonFormat::locateProblem(text));
        return;
    }
    QtConcurrent::run([text] {
        return JsonFormat::locateProblem(text);
    }).then(this, [this, generation](const JsonFormat::Problem &problem) {
        if (generation == m_validateGeneration)
            showProblem(problem);
    });
}

void ItemEditor::showProblem(const JsonFormat::Problem &problem)
{
    m_validating = false;
    if (!problem.isError()) {
        m_editor->clearErrors();
        m_problem->hide();
        return;
    }
    const QString text
        = tr("Line %1, column %2: %3").arg(problem.line).arg(problem.column).arg(problem.message);
    m_editor->markError(problem.offset, problem.line, text, 1, false);
    m_problem->setText(text);
    m_problem->show();
}

void ItemEditor::updateHeader()
{
    const QString id = itemId();
    const QString shownId = m_header->fontMetrics().elidedText(id, Qt::ElideMiddle, 260);
    QString text = m_isNew ? tr("New item") : tr("Item <b>%1</b>").arg(shownId.toHtmlEscaped());
    m_header->setToolTip(m_isNew ? QString() : tr("Item %1").arg(id));
    if (!m_isNew && !m_pkPaths.isEmpty()) {
        text += tr(" · partition key %1")
                    .arg(PartitionKey::fromDocument(m_original, m_pkPaths)
                             .displayText()
                             .toHtmlEscaped());
    }
    if (m_editor->isModified())
        text += tr(" · <i>modified</i>");
    m_header->setText(text);
    m_deleteAction->setEnabled(!m_busy && !m_isNew);
}

void ItemEditor::loadItem(const QJsonObject &item, const QByteArray &raw)
{
    const quint64 generation = ++m_loadGeneration;
    m_formatting = true;
    const QByteArray text = raw.isEmpty() ? QJsonDocument(item).toJson(QJsonDocument::Compact) : raw;
    // Formatting, and decoding when only the text is given, happen on a worker thread: a
    // 2 MB item must not stall the window.
    struct Loaded
    {
        QJsonObject item;
        QString text;
    };
    QtConcurrent::run([text, item] {
        // Decoding and formatting run side by side.
        QFuture<QJsonObject> decoded = item.isEmpty()
            ? QtConcurrent::run([text] { return QJsonDocument::fromJson(text).object(); })
            : QtFuture::makeReadyFuture(item);
        Loaded loaded;
        loaded.text = JsonFormat::prettyText(text, true);
        loaded.item = decoded.result();
        return loaded;
    }).then(this, [this, generation](const Loaded &loaded) {
        if (generation != m_loadGeneration)
            return; // another item was selected meanwhile
        m_formatting = false;
        showItem(loaded.item, loaded.text);
    });
}

void ItemEditor::showItem(const QJsonObject &item, const QString &text)
{
    m_original = item;
    m_system = {};
    for (const QString &key : JsonFormat::systemProperties()) { // no copy of a 2 MB item
        if (item.contains(key))
            m_system.insert(key, item.value(key));
    }
    m_isNew = false;
    m_loadedText = text;
    m_editor->setText(text);
    m_editor->setModified(false);
    m_systemPanel->setRowCount(0);
    for (const QString &key : JsonFormat::systemProperties()) {
        if (!m_system.contains(key))
            continue;
        const int row = m_systemPanel->rowCount();
        m_systemPanel->insertRow(row);
        m_systemPanel->setItem(row, 0, new QTableWidgetItem(key));
        QString value = JsonFormat::cellText(m_system.value(key));
        if (key == QLatin1String("_ts"))
            value += QStringLiteral("  (")
                     + QDateTime::fromSecsSinceEpoch(m_system.value(key).toInteger())
                           .toUTC()
                           .toString(Qt::ISODate)
                     + QLatin1Char(')');
        m_systemPanel->setItem(row, 1, new QTableWidgetItem(value));
    }
    m_systemPanel->resizeColumnToContents(0);
    updateHeader();
    Q_EMIT itemLoaded();
}

void ItemEditor::newItem()
{
    ++m_loadGeneration;
    m_formatting = false;
    m_original = {};
    m_system = {};
    m_isNew = true;
    QJsonObject skeleton{{QStringLiteral("id"), QString()}};
    for (const QString &path : std::as_const(m_pkPaths)) {
        const QString key = path.section(QLatin1Char('/'), 1, 1);
        if (!key.isEmpty() && key != QLatin1String("id"))
            skeleton.insert(key, QString());
    }
    m_loadedText = QString::fromUtf8(QJsonDocument(skeleton).toJson(QJsonDocument::Indented));
    m_editor->setText(m_loadedText);
    m_editor->setModified(false);
    m_systemPanel->setRowCount(0);
    updateHeader();
    Q_EMIT newItemStarted();
}

void ItemEditor::discard()
{
    m_bar->dismiss(); // the warnings about this edit are over
    m_editor->setText(m_loadedText);
    m_editor->setModified(false);
    m_editor->clearErrors();
    m_problem->hide();
    updateHeader();
}

bool ItemEditor::checkedText(const QString &text, QByteArray *json, QString *id)
{
    CosmosError error;
    JsonProblem problem;
    const QByteArray bytes = text.toUtf8();
    const JsonFormat::Problem located = JsonFormat::locateProblem(bytes);
    if (located.isError()) {
        // Never sent: marked where the fix goes (a missing comma at the end of its line).
        const QString message = tr("Invalid JSON at line %1, column %2: %3")
                                    .arg(located.line)
                                    .arg(located.column)
                                    .arg(located.message);
        m_editor->markError(located.offset, located.line, message);
        m_bar->showError(CosmosError::invalidInput(message), tr("Not saved"));
        return false;
    }
    const QJsonObject body = parseJsonObject(bytes, &error, &problem);
    if (error.isError()) {
        // Never sent: marked where the parser stopped.
        m_editor->markError(problem.offset, problem.line, error.message);
        m_bar->showError(error, tr("Not saved"));
        return false;
    }
    // The text as written (key order, number text); system properties are the service's.
    *json = JsonFormat::editableText(bytes);
    *id = body.value(QStringLiteral("id")).toString();
    return true;
}

void ItemEditor::save()
{
    if (m_busy)
        return;
    QByteArray json;
    QString id;
    if (!checkedText(m_editor->text(), &json, &id))
        return;
    if (m_isNew || id != itemId())
        write(json, id, CosmosClient::ItemWrite::Create, {});
    else
        write(json, id, CosmosClient::ItemWrite::Replace, etag());
}

void ItemEditor::upsert()
{
    if (m_busy)
        return;
    QByteArray json;
    QString id;
    // Create or replace whatever version is stored: no If-Match, by the user's choice.
    if (checkedText(m_editor->text(), &json, &id))
        write(json, id, CosmosClient::ItemWrite::Upsert, {});
}

void ItemEditor::write(const QByteArray &text, const QString &id, CosmosClient::ItemWrite op,
                       const QString &ifMatch)
{
    const bool create = op == CosmosClient::ItemWrite::Create;
    RequestOptions options;
    options.ifMatch = ifMatch;
    m_triggers->apply(&options);
    QObject *context = setBusy(true, create ? tr("Creating item %1").arg(id) : tr("Saving item %1").arg(id));
    m_session->client()->writeItem(op,
                                   m_container,
                                   text,
                                   options,
                                   context,
                                   [this, create, op, id](const CosmosResponse &response) {
                                       setBusy(false);
                                       if (response.error.status == 412) {
                                           openConflict(m_editor->text());
                                           return;
                                       }
                                       if (!response.ok()) {
                                           m_bar->showError(response.error,
                                                            create ? tr("Creating item %1").arg(id)
                                                                   : tr("Saving item %1").arg(id));
                                           return;
                                       }
                                       const QJsonObject saved = response.object();
                                       m_bar->showMessage(MessageBar::Type::Information,
                                                          (create ? tr("Created item %1 (%2 RU).")
                                                           : op == CosmosClient::ItemWrite::Upsert
                                                               ? tr("Upserted item %1 (%2 RU).")
                                                               : tr("Saved item %1 (%2 RU)."))
                                                              .arg(id)
                                                              .arg(response.requestCharge));
                                       loadItem(saved, response.body);
                                       Q_EMIT itemSaved(saved, response.body,
                                                        create || response.status == 201);
                                   });
}

void ItemEditor::openConflict(const QString &yourText)
{
    if (m_conflict)
        m_conflict->deleteLater();
    m_conflict = new ConflictDialog(yourText, this);
    m_conflict->setAttribute(Qt::WA_DeleteOnClose);
    ConflictDialog *dialog = m_conflict;
    RequestOptions options;
    options.partitionKey = PartitionKey::fromDocument(m_original, m_pkPaths);
    m_session->client()->read(
        itemPath(itemId()), options, dialog, [dialog](const CosmosResponse &r) {
            if (!r.ok()) {
                dialog->setServerError(MessageBar::describe(r.error));
                return;
            }
            dialog->setServerVersion(r.object(),
                                     QString::fromUtf8(JsonText::pretty(JsonFormat::editableText(r.body), 4)),
                                     r.body);
        });
    connect(dialog, &QDialog::finished, this, [this, dialog](int result) {
        const QString yours = dialog->yourText();
        if (yours != m_editor->text()) {
            // Edits made in the dialog come back to the editor, still unsaved.
            m_editor->setText(yours);
            m_editor->setModified(true);
        }
        if (result == ConflictDialog::Reload) {
            loadItem(dialog->serverItem(), dialog->serverText());
        } else if (result == ConflictDialog::Overwrite) {
            QByteArray json;
            QString id;
            if (!checkedText(yours, &json, &id))
                return;
            m_original = dialog->serverItem();
            m_system = {};
            JsonFormat::stripSystem(m_original, &m_system);
            write(json, id, CosmosClient::ItemWrite::Replace, etag());
        } else {
            m_bar->showMessage(
                MessageBar::Type::Warning,
                tr("Item %1 was changed on the server; your edit is kept, unsaved.").arg(itemId()));
        }
    });
    dialog->open();
}

void ItemEditor::deleteItem()
{
    if (m_isNew || m_busy)
        return;
    const QString id = itemId();
    auto box = new QMessageBox(QMessageBox::Question,
                               tr("Delete item"),
                               tr("Delete item \"%1\"? This cannot be undone.").arg(id),
                               QMessageBox::Yes | QMessageBox::Cancel,
                               this);
    box->setObjectName(QStringLiteral("confirmDeleteItem"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, id](int result) {
        if (result != QMessageBox::Yes || id != itemId())
            return;
        RequestOptions options;
        options.partitionKey = PartitionKey::fromDocument(m_original, m_pkPaths);
        options.ifMatch = etag();
        m_triggers->apply(&options);
        QObject *context = setBusy(true, tr("Deleting item %1").arg(id));
        m_session->client()->remove(
            itemPath(id), options, context, [this, id](const CosmosResponse &r) {
                setBusy(false);
                if (!r.ok()) {
                    m_bar->showError(r.error, tr("Deleting item %1").arg(id));
                    return;
                }
                m_bar->showMessage(MessageBar::Type::Information, tr("Deleted item %1.").arg(id));
                newItem();
                Q_EMIT itemDeleted(id);
            });
    });
    box->open();
}

} // namespace Cosmoscope
