#pragma once

#include <cosmosclient.h>
#include <cosmoserror.h>
#include <resourcepath.h>

#include "conflictdialog.h"
#include "jsonformat.h"

#include <QJsonObject>
#include <QPointer>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QAction;
class QLabel;
class QTableWidget;
class QTimer;
QT_END_NAMESPACE

namespace Manage {
class TriggerChooser;
}

namespace Cosmoscope {

class AccountSession;

class JsonEditor;
class MessageBar;
class WaitIndicator;

/// Edits one item: JSON editor (folding, find) with the system properties in a separate
/// read-only panel. Save creates or replaces with If-Match of the loaded _etag; delete uses
/// If-Match too. Invalid JSON is marked where it is and never sent; a 412 opens the
/// ConflictDialog, keeping the edit.
class ItemEditor : public QWidget
{
    Q_OBJECT
public:
    ItemEditor(AccountSession *session,
               const Cosmos::ResourcePath &container,
               MessageBar *bar,
               QWidget *parent = nullptr);

    void setPartitionKeyPaths(const QStringList &paths) { m_pkPaths = paths; }
    /// Shows an item (formatted on a worker thread).
    /// Shows an item; `raw` is its JSON text as the server sent it (key order and number text
    /// are kept in the editor and in what is saved), empty when only the object is known.
    /// Shows an item; with `raw` (its text as the server sent it) `item` may be empty: the
    /// text is decoded and formatted off the GUI thread.
    void loadItem(const QJsonObject &item, const QByteArray &raw = {});
    void newItem();
    void save();
    /// Create or replace without If-Match (an explicit overwrite).
    void upsert();
    void deleteItem();
    void discard();

    bool isModified() const;
    bool isNew() const { return m_isNew; }
    bool isBusy() const { return m_busy; }
    bool isFormatting() const { return m_formatting; }
    QString itemId() const { return m_original.value(QStringLiteral("id")).toString(); }
    QString etag() const { return m_system.value(QStringLiteral("_etag")).toString(); }
    JsonEditor *editor() const { return m_editor; }
    QTableWidget *systemPanel() const { return m_systemPanel; }
    ConflictDialog *conflictDialog() const { return m_conflict; }
    WaitIndicator *waitIndicator() const { return m_wait; }
    QLabel *header() const { return m_header; }
    /// True while a typed text waits for (or is in) its validation.
    bool isValidating() const { return m_validating; }
    /// Pre/post triggers run by Save and Delete.
    Manage::TriggerChooser *triggers() const { return m_triggers; }

Q_SIGNALS:
    void itemLoaded();
    /// The editor holds a new, unsaved item (New, or after a delete).
    void newItemStarted();
    void itemSaved(const QJsonObject &item, const QByteArray &raw, bool created);
    void itemDeleted(const QString &id);
    void busyChanged(bool busy);

private:
    /// Starts (`what` non-empty) or ends a server operation; returns its requests' context.
    QObject *setBusy(bool busy, const QString &what = {});
    void showItem(const QJsonObject &item, const QString &text);
    void updateHeader();
    /// Checks the text as typed (debounced; big texts on a worker thread).
    void validate();
    void showProblem(const JsonFormat::Problem &problem);
    /// Sends the editor's text (system properties left out) as it is written.
    void write(const QByteArray &text, const QString &id, Cosmos::CosmosClient::ItemWrite op,
               const QString &ifMatch);
    /// The editor's text as JSON, or an error marked in the editor (nothing is sent).
    bool checkedText(const QString &text, QByteArray *json, QString *id);
    void openConflict(const QString &yourText);
    Cosmos::ResourcePath itemPath(const QString &id) const;

    AccountSession *m_session;
    Cosmos::ResourcePath m_container;
    MessageBar *m_bar;
    QStringList m_pkPaths;
    JsonEditor *m_editor;
    QTableWidget *m_systemPanel;
    QLabel *m_header;
    QLabel *m_problem = nullptr; ///< the JSON problem, in full, under the text
    WaitIndicator *m_wait;
    Manage::TriggerChooser *m_triggers;
    QAction *m_saveAction;
    QAction *m_deleteAction;
    QAction *m_discardAction;
    QJsonObject m_original; ///< as loaded, with system properties
    QJsonObject m_system;   ///< _rid _self _etag _ts _attachments of the loaded item
    QString m_loadedText;
    QPointer<ConflictDialog> m_conflict;
    QTimer *m_validateTimer;
    quint64 m_validateGeneration = 0;
    bool m_validating = false;
    bool m_isNew = true;
    bool m_busy = false;
    bool m_formatting = false;
    quint64 m_loadGeneration = 0;
};

} // namespace Cosmoscope
