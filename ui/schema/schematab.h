#pragma once

#include <resourcepath.h>

#include <QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableView;
QT_END_NAMESPACE

namespace Cosmos {
class CosmosClient;
class SchemaSampler;
struct CosmosError;
} // namespace Cosmos

namespace Cosmoscope {

class FieldCharts;
class FieldModel;

/// The schema of a container, learnt from a sample: every field path with its presence,
/// types and value charts. Sampling shows progress and RU and can be cancelled; a click on a
/// value or bar asks for a query tab with the matching WHERE clause.
class SchemaTab : public QWidget
{
    Q_OBJECT
public:
    SchemaTab(Cosmos::CosmosClient *client,
              const Cosmos::ResourcePath &container,
              QWidget *parent = nullptr);

    Cosmos::ResourcePath container() const { return m_container; }
    /// Samples `sampleSizeBox()` documents.
    void sample();
    void cancel();
    /// Shows the field at `path` in the charts pane.
    bool selectField(const QString &path);

    Cosmos::SchemaSampler *sampler() const { return m_sampler; }
    FieldModel *model() const { return m_model; }
    QTableView *fieldView() const { return m_view; }
    FieldCharts *charts() const { return m_charts; }
    QSpinBox *sampleSizeBox() const { return m_size; }
    QPushButton *sampleButton() const { return m_sampleButton; }
    QPushButton *cancelButton() const { return m_cancelButton; }
    QLabel *statusLine() const { return m_status; }

Q_SIGNALS:
    /// Open a query tab on this container with `query` and run it.
    void queryRequested(const QString &query);
    /// Sampling ended (finished, failed or cancelled).
    void samplingDone();
    void failed(const Cosmos::CosmosError &error);

private:
    void onProgress(int sampled, int wanted, double charge);
    void onFinished();
    void showCurrent();

    Cosmos::ResourcePath m_container;
    Cosmos::SchemaSampler *m_sampler;
    FieldModel *m_model;
    QTableView *m_view;
    FieldCharts *m_charts;
    QSpinBox *m_size;
    QPushButton *m_sampleButton;
    QPushButton *m_cancelButton;
    QProgressBar *m_progress;
    QLabel *m_status;
};

} // namespace Cosmoscope
