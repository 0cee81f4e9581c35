#pragma once

#include <changefeed.h>
#include <resourcepath.h>

#include <QJsonObject>
#include <QPointer>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTimer;
QT_END_NAMESPACE


namespace Manage {

class JsonListModel;
class MessageLine;
class SourceEditor;

/// A container's change feed: from the beginning, from now or from a time, optionally one
/// logical partition. Live mode polls (every second by default, never two requests at once)
/// and appends new changes; pause and resume keep the position (the continuation shown).
/// Selecting a change shows its JSON; activating it asks to open it in the item editor.
class ChangeFeedView : public QWidget
{
    Q_OBJECT
public:
    enum StartIndex { FromBeginning, FromNow, FromTime };

    ChangeFeedView(Cosmos::CosmosClient *client, const Cosmos::ResourcePath &container,
                   QWidget *parent = nullptr);

    JsonListModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QComboBox *startBox() const { return m_start; }
    QDateTimeEdit *startTimeEdit() const { return m_startTime; }
    QLineEdit *partitionKeyEdit() const { return m_partitionKey; }
    QPushButton *startButton() const { return m_startButton; }
    QPushButton *liveButton() const { return m_live; }
    QPushButton *fetchButton() const { return m_fetch; }
    QLabel *continuationLabel() const { return m_continuation; }
    QLabel *chargeLabel() const { return m_charge; }
    SourceEditor *jsonView() const { return m_json; }
    MessageLine *messageLine() const { return m_message; }
    QString title() const;

    /// Starts reading from the chosen position; clears the list.
    void start();
    /// Live polling on or off (pause / resume).
    void setLive(bool live);
    bool isLive() const;
    bool isStarted() const { return m_reader != nullptr; }
    void setPollInterval(int ms);
    void fetchNext();
    int requestsSent() const { return m_requests; }

Q_SIGNALS:
    /// A change was activated: open it in the item editor.
    void openItemRequested(const Cosmos::ResourcePath &container, const QJsonObject &item);
    void pageArrived(int newChanges);

private:
    void onChanges(const Cosmos::FeedPage &page);
    void onFailed(const Cosmos::CosmosError &error);
    void showSelected();
    void updateButtons();

    QPointer<Cosmos::CosmosClient> m_client;
    Cosmos::ResourcePath m_container;
    QPointer<Cosmos::ChangeFeedReader> m_reader;
    QStringList m_partitionKeyPaths;
    int m_requests = 0;
    JsonListModel *m_model;
    QTableView *m_view;
    QComboBox *m_start;
    QDateTimeEdit *m_startTime;
    QLineEdit *m_partitionKey;
    QPushButton *m_startButton;
    QPushButton *m_live;
    QPushButton *m_fetch;
    QLabel *m_continuation;
    QLabel *m_charge;
    SourceEditor *m_json;
    MessageLine *m_message;
    QTimer *m_timer;
};

} // namespace Manage
