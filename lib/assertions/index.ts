export { assertPassed } from './assert-passed.js';
export { assertNoDisparity, type NoDisparityOptions } from './assert-no-disparity.js';
export { assertNoRegression } from './assert-no-regression.js';
export { assertLabelQuality, type LabelQualityOptions } from './assert-label-quality.js';
