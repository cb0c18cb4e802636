package io.serverlesskafka.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Pricing {
  @ValidationRule(value = "self >= 0.0", message = "perGiBIn must not be negative")
  @JsonPropertyDescription("Price of one GiB produced.")
  private Double perGiBIn;

  @ValidationRule(value = "self >= 0.0", message = "perGiBOut must not be negative")
  @JsonPropertyDescription("Price of one GiB consumed.")
  private Double perGiBOut;

  @ValidationRule(value = "self >= 0.0", message = "perGiBMonthStored must not be negative")
  @JsonPropertyDescription("Price of one GiB stored for a month (30 days).")
  private Double perGiBMonthStored;

  @ValidationRule(value = "self >= 0.0", message = "per100kRequests must not be negative")
  @JsonPropertyDescription(
      "Price of 100,000 requests through the cluster's HTTP gateway (spec.rest), as Upstash priced its REST API. Counted per topic credential; only requests answered with 200.")
  private Double per100kRequests;

  @JsonPropertyDescription("Currency label shown with costs. Default: USD.")
  private String currency;

  public Double getPerGiBIn() {
    return perGiBIn;
  }

  public void setPerGiBIn(Double perGiBIn) {
    this.perGiBIn = perGiBIn;
  }

  public Double getPerGiBOut() {
    return perGiBOut;
  }

  public void setPerGiBOut(Double perGiBOut) {
    this.perGiBOut = perGiBOut;
  }

  public Double getPerGiBMonthStored() {
    return perGiBMonthStored;
  }

  public void setPerGiBMonthStored(Double perGiBMonthStored) {
    this.perGiBMonthStored = perGiBMonthStored;
  }

  public Double getPer100kRequests() {
    return per100kRequests;
  }

  public void setPer100kRequests(Double per100kRequests) {
    this.per100kRequests = per100kRequests;
  }

  public String getCurrency() {
    return currency;
  }

  public void setCurrency(String currency) {
    this.currency = currency;
  }
}
