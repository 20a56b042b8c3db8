import { MyReviewsPage } from './ReviewsPage';

export default MyReviewsPage;
