#pragma once

#include <importjob.h>
#include <resourcepath.h>

#include <QDialog>
#include <QFile>
#include <QFutureWatcher>
#include <QPointer>
#include <QTimer>

QT_BEGIN_NAMESPACE
class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
QT_END_NAMESPACE

namespace Cosmos {
class CosmosClient;
}

namespace Cosmoscope {

/// Container › Import…: a JSON array, JSON Lines or CSV file into the container with
/// Cosmos::ImportJob (creates, never overwrites), with progress, Cancel, the first problems,
/// a summary (counts, RU, elapsed) and a rejects file of every item not written. The job runs
/// on the event loop: the window stays responsive.
class ImportDialog : public QDialog
{
    Q_OBJECT
public:
    ImportDialog(Cosmos::CosmosClient *client, const Cosmos::ResourcePath &container,
                 QWidget *parent = nullptr);

    void setInputPath(const QString &path);
    /// Starts the import of the chosen file; false (with the reason shown) when it cannot.
    bool startImport();
    void cancelImport();

    bool isRunning() const { return m_job && !m_job->isFinished(); }
    Cosmos::ImportJob *job() const { return m_job; }
    QString summaryText() const;
    QString rejectsPath() const;

Q_SIGNALS:
    /// The import ended (finished, cancelled or failed); items may have been written.
    void importFinished();

protected:
    void reject() override;

private:
    void browse();
    void updateProgress();
    void onFinished();
    void suggestRejectsPath();

    QPointer<Cosmos::CosmosClient> m_client;
    Cosmos::ResourcePath m_container;
    QLineEdit *m_path;
    QComboBox *m_format;
    QCheckBox *m_keepRejects;
    QLineEdit *m_rejects;
    QProgressBar *m_progress;
    QLabel *m_status;
    QLabel *m_summary;
    QPlainTextEdit *m_problems;
    QPushButton *m_start;
    QPushButton *m_cancel;
    QDialogButtonBox *m_buttons;
    QFile m_input;
    Cosmos::ImportJob *m_job = nullptr;
    QTimer m_timer;
    QFutureWatcher<qint64> m_lineCount; ///< the file's lines, counted on a worker thread
    int m_problemCount = 0;
};

} // namespace Cosmoscope
